"""What printing needs from outside: the holder's name (from the sealed personal-data path;
absent when it has not arrived, or erased), whether an appeal holds a certificate or its
holder's agreement is missing, and a renderer that lays certificates out as PDF pages. The
print data itself is here: everything one page says."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from uuid import UUID

from certificate.printing.domain.calibration import Calibration


@dataclass(frozen=True)
class UnitLine:
    code: str
    title: str


@dataclass(frozen=True)
class CertificatePrint:
    """Everything one certificate's page says."""

    certificate_id: UUID
    number: str
    holder_name: str
    scheme_code: str
    scheme_version: int
    scheme_title: str
    qualification_level: str | None
    units: tuple[UnitLine, ...]
    issued_on: date
    valid_until: date
    qr_payload: str
    check_code: str = ""  # printed beside the number: verification by number needs both
    blanko_number: str | None = None  # the national registration number, once attached


@dataclass(frozen=True)
class Letterhead:
    """What the page says of the LSP, from its print profile."""

    lsp_name: str
    licence: str | None
    city: str
    signatory_name: str
    signatory_title: str
    preprinted: bool = False


@dataclass(frozen=True)
class ReadNames:
    """The names read for some candidates: the readable ones, and those erased at the holder's
    request (the key is gone: their names will never print). A candidate in neither has no
    name here yet (not received, or the key store did not answer)."""

    names: dict[UUID, str] = field(default_factory=dict)
    erased: frozenset[UUID] = frozenset()

    def get(self, candidate_id: UUID) -> str | None:
        return self.names.get(candidate_id)

    def __contains__(self, candidate_id: object) -> bool:
        return candidate_id in self.names


class HolderNames(Protocol):
    async def names_of(self, candidate_ids: Iterable[UUID], actor: UUID | None = None) -> ReadNames:
        """The readable name of each candidate that has one here, and who was erased; every
        name opened is recorded as read (for whom, by `actor`). Never logged."""
        ...


class Holds(Protocol):
    """What holds an issued certificate back from print: an open appeal against the attempt it
    was decided on, its holder's agreement not signed yet, its suspension or withdrawal."""

    async def appeals_open(self, attempt_ids: Iterable[UUID]) -> set[UUID]: ...

    async def agreements_signed(self, certificate_ids: Iterable[UUID]) -> dict[UUID, bool]:
        """Whether each certificate's agreement is signed (absent: not tracked, holds nothing)."""
        ...

    async def stopped(self, certificate_ids: Iterable[UUID]) -> dict[UUID, str]:
        """Those of the certificates suspended or withdrawn: "suspended" or "withdrawn"."""
        ...


class PrintDocument(Protocol):
    def add(self, page: CertificatePrint) -> None: ...

    def finish(self) -> bytes: ...


class Renderer(Protocol):
    def document(self, letterhead: Letterhead, calibration: Calibration) -> PrintDocument: ...

    def part(
        self, letterhead: Letterhead, calibration: Calibration, pages: Sequence[CertificatePrint]
    ) -> bytes:
        """One part of a print batch: these pages' file. Blocking (CPU): run in a thread;
        parts may be asked for side by side."""
        ...

    def merged(self, parts: Sequence[bytes]) -> bytes:
        """The parts' pages, in order, in one file. Blocking."""
        ...

    def test_page(self, letterhead: Letterhead, calibration: Calibration) -> bytes: ...


@dataclass(frozen=True)
class CohortRecord:
    """Where one member of a cohort stands in certification: their latest recommendation of
    the scope, its decision and the certificate it issued."""

    candidate_id: UUID
    attempt_id: UUID
    decision: str | None  # "K", "BK" or None
    certificate_id: UUID | None
    number: str | None
    scheme_code: str
    scheme_version: int


@dataclass(frozen=True)
class IssuedCertificate:
    """What the register holds of an issued certificate that its page prints."""

    certificate_id: UUID
    candidate_id: UUID
    number: str
    scheme_code: str
    scheme_version: int
    unit_codes: tuple[str, ...]
    issued_on: date
    valid_until: date
    qr_payload: str
    check_code: str = ""
    blanko_number: str | None = None


class CohortRecords(Protocol):
    async def of_session(self, lsp_id: UUID | None, session_id: UUID) -> list[CohortRecord]: ...

    async def of_certificates(
        self, lsp_id: UUID | None, certificate_ids: Iterable[UUID]
    ) -> list[CohortRecord]: ...

    async def issued(self, certificate_ids: Iterable[UUID]) -> list[IssuedCertificate]: ...


class PrintClaims(Protocol):
    """The first batch to print each certificate, claimed in the requesting transaction: of
    two batches requested at once, one prints it."""

    async def first_printed_in(self, certificate_ids: Iterable[UUID]) -> dict[UUID, UUID]: ...

    async def claim(
        self, tx: object, batch_id: UUID, certificate_ids: Iterable[UUID]
    ) -> dict[UUID, UUID]:
        """Claims those no batch has; answers the batch of each one another batch holds."""
        ...

    async def release(self, tx: object, batch_id: UUID, certificate_ids: Iterable[UUID]) -> None:
        """Gives back this batch's claims of certificates it did not print after all (held
        when their page was due): a later batch prints them."""
        ...


class PrintJobs(Protocol):
    """Batches whose pages are still to make, leased by one worker at a time."""

    async def add(self, tx: object, batch_id: UUID) -> None: ...

    async def lease_next(self, seconds: float) -> UUID | None: ...

    async def done(self, tx: object, batch_id: UUID) -> None: ...


class PrintFiles(Protocol):
    async def store(self, tx: object, batch_id: UUID, pdf: bytes, sha256: str) -> None: ...

    async def get(self, batch_id: UUID) -> bytes | None: ...
