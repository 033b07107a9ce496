"""The decision document of a session (berita acara / SK pleno): the LSP's signed record of
what its panel decided on the cohort assessed together, K and BK. One stream per (LSP,
session); each version is signed over its PDF's SHA-256 and kept. When further decisions are
taken in the session a new version lists them all; the older versions stay on record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import conflict, not_found

HEX64 = r"^[0-9a-f]{64}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DecidedEntry(_Frozen):
    """One decision of the session, as the document lists it: nothing personal (no name)."""

    attempt_id: UUID
    candidate_id: UUID
    scheme_code: str
    scheme_version: int
    district_code: str
    outcome: Outcome
    panel: tuple[UUID, ...]
    decided_at: datetime
    certificate_number: str | None


class RecordSignedDocument(_Frozen):
    lsp_id: UUID | None
    session_id: UUID
    version: int
    entries: tuple[DecidedEntry, ...]
    sha256: str = Field(pattern=HEX64)  # of the PDF with its signature's places blanked
    kid: str
    signature: str  # base64url Ed25519 over the domain-separated hash
    by: UUID | None
    at: datetime


class DecisionDocumentSigned(RecordSignedDocument):
    pass


DocumentEvent = DecisionDocumentSigned
EVENTS: tuple[type[DocumentEvent], ...] = (DecisionDocumentSigned,)


@dataclass(frozen=True)
class DecisionDocument:
    versions: tuple[DecisionDocumentSigned, ...] = ()

    @property
    def latest(self) -> DecisionDocumentSigned | None:
        return self.versions[-1] if self.versions else None

    def version(self, n: int) -> DecisionDocumentSigned | None:
        return self.versions[n - 1] if 1 <= n <= len(self.versions) else None


def stream_id(key: tuple[UUID | None, UUID]) -> str:
    lsp_id, session_id = key
    return f"decision-document-{lsp_id or 'none'}-{session_id}"


def ordered(entries: tuple[DecidedEntry, ...] | list[DecidedEntry]) -> tuple[DecidedEntry, ...]:
    """K first, by certificate number; then BK; ties by candidate."""

    def key(e: DecidedEntry) -> tuple[bool, str, str]:
        return (e.outcome is not Outcome.COMPETENT, e.certificate_number or "", str(e.candidate_id))

    return tuple(sorted(entries, key=key))


def next_version(state: DecisionDocument, entries: tuple[DecidedEntry, ...]) -> int | None:
    """The version a document of these decisions would be; None: the latest already lists
    exactly them (nothing to sign again)."""
    if not entries:
        raise not_found("session_id", "sesi tanpa keputusan sertifikasi",
                        "no certification decision in this session")  # fmt: skip
    latest = state.latest
    if latest is not None and latest.entries == ordered(entries):
        return None
    return len(state.versions) + 1


def decide_record(state: DecisionDocument, command: RecordSignedDocument) -> list[DocumentEvent]:
    expected = next_version(state, command.entries)
    if expected is None:
        return []
    if command.version != expected:
        raise conflict("version", "versi dokumen keputusan berubah bersamaan; coba lagi",
                       "the decision document's version changed meanwhile; try again")  # fmt: skip
    return [DecisionDocumentSigned(**{**command.model_dump(), "entries": ordered(command.entries)})]


def evolve(state: DecisionDocument, event: DocumentEvent) -> DecisionDocument:
    return DecisionDocument((*state.versions, event))
