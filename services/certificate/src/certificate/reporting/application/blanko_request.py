"""The blanko request package of a session for the national authority: the LSP asks for the
registration (blanko) numbers of the certificates it decided, with the K list, the BK list and
the decision they rest on (the session's signed decision document, if generated, by version and
hash). Built from certification's records of the session; the holder's name is shown where it
is readable (the sealed path), otherwise left empty with the candidate's id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from certificate.printing.application.ports import HolderNames, ReadNames
from certificate.printing.application.print_profiles import PrintProfileHandlers, no_profile
from kompeten_contracts.errors import not_found


@dataclass(frozen=True)
class DecidedRow:
    candidate_id: UUID
    attempt_id: UUID
    scheme_code: str
    scheme_version: int
    district_code: str
    decision: str  # K or BK
    decided_at: datetime
    judged: int
    certificate_number: str | None
    issued_on: date | None
    valid_until: date | None


class SessionDecisions(Protocol):
    async def decided(self, lsp_id: UUID | None, session_id: UUID) -> list[DecidedRow]: ...


@dataclass(frozen=True)
class DocumentReference:
    """The session's signed decision document (its latest version) the package rests on."""

    version: int
    sha256: str
    kid: str
    decided: int  # how many decisions it lists


class SignedDocuments(Protocol):
    async def latest(self, lsp_id: UUID | None, session_id: UUID) -> DocumentReference | None: ...


@dataclass(frozen=True)
class Line:
    row: DecidedRow
    holder_name: str | None


@dataclass(frozen=True)
class BlankoPackage:
    lsp_name: str
    licence: str | None
    city: str
    signatory_name: str
    signatory_title: str
    session_id: UUID
    competent: tuple[Line, ...]
    not_yet_competent: tuple[Line, ...]
    made_at: datetime
    decision_document: DocumentReference | None = None

    @property
    def schemes(self) -> list[str]:
        rows = (*self.competent, *self.not_yet_competent)
        return sorted({f"{line.row.scheme_code} v{line.row.scheme_version}" for line in rows})


class PackageFile(Protocol):
    media_type: str
    suffix: str

    def render(self, package: BlankoPackage) -> bytes: ...


@dataclass
class BlankoRequest:
    decisions: SessionDecisions
    names: HolderNames
    profiles: PrintProfileHandlers
    clock: Callable[[], datetime]
    documents: SignedDocuments | None = None

    async def __call__(
        self, lsp_id: UUID | None, session_id: UUID, by: UUID | None = None
    ) -> BlankoPackage:
        """`by`: who asks (each name opened for the list is recorded as read)."""
        rows = await self.decisions.decided(lsp_id, session_id)
        if not rows:
            raise not_found("session_id", "sesi tanpa keputusan sertifikasi",
                            "no certification decision in this session")  # fmt: skip
        profile = await self.profiles.current(lsp_id)
        if profile is None:
            raise no_profile()
        names = await self.names.names_of((r.candidate_id for r in rows), by)
        document = None
        if self.documents is not None:
            document = await self.documents.latest(lsp_id, session_id)
        return BlankoPackage(
            lsp_name=profile.lsp_name, licence=profile.licence, city=profile.city,
            signatory_name=profile.signatory_name, signatory_title=profile.signatory_title,
            session_id=session_id, competent=_lines(rows, "K", names),
            not_yet_competent=_lines(rows, "BK", names), made_at=self.clock(),
            decision_document=document,
        )  # fmt: skip


def _lines(rows: Iterable[DecidedRow], decision: str, names: ReadNames) -> tuple[Line, ...]:
    chosen = sorted((r for r in rows if r.decision == decision),
                    key=lambda r: (r.certificate_number or "", str(r.candidate_id)))  # fmt: skip
    return tuple(Line(r, names.get(r.candidate_id)) for r in chosen)
