"""The certificate aggregate: one stream per certificate, issued once for a decision K (or as
the correction of another). The number, the public token and the signed QR payload are given
to it (numbering, signing); it keeps that a certificate is issued once, what it says, and where
it stands: awaiting the holder's agreement, valid, suspended, withdrawn, replaced or expired."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID

from certificate.issuance.domain.certificate_events import (
    EVENTS,
    AgreementSigned,
    BlankoNumberAttached,
    CertificateCollected,
    CertificateEvent,
    CertificateExpired,
    CertificateIssued,
    CertificateReinstated,
    CertificateReplaced,
    CertificateSuspended,
    CertificateWithdrawn,
    DuplicateIssued,
    IssueCertificate,
)
from kompeten_contracts.errors import conflict

__all__ = ["EVENTS", "CertificateEvent", "CertificateIssued", "IssueCertificate"]
VALIDITY_YEARS = 3


class Status(StrEnum):
    AWAITING_AGREEMENT = "awaiting_agreement"
    VALID = "valid"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"
    EXPIRED = "expired"


FINAL = frozenset({Status.WITHDRAWN, Status.REPLACED, Status.EXPIRED})


@dataclass(frozen=True)
class Certificate:
    issued: CertificateIssued | None = None
    status: Status = Status.AWAITING_AGREEMENT
    agreement: AgreementSigned | None = None
    replaced_by: UUID | None = None
    copy_ids: tuple[UUID, ...] = ()  # the duplicates issued, in order: copy 2, 3, ...
    blanko_number: str | None = None  # the national authority's registration number
    collected: tuple[CertificateCollected, ...] = ()  # papers the holder collected, by copy

    @property
    def copy_no(self) -> int:
        """The number of the paper now in the holder's hands (1: the first print)."""
        return 1 + len(self.copy_ids)

    def of(self, lsp_id: UUID | None) -> bool:
        """Issued, and by this LSP: another LSP's certificate is answered as none."""
        return self.issued is not None and self.issued.lsp_id == lsp_id

    def shown_status(self, today: date) -> Status:
        """What verification shows today: past its validity a certificate is expired even
        before the expiry is recorded."""
        if self.issued is not None and self.status not in FINAL and today > self.issued.valid_until:
            return Status.EXPIRED
        return self.status


def stream_id(certificate_id: UUID) -> str:
    return f"certificate-{certificate_id}"


def valid_until(issued_on: date, years: int = VALIDITY_YEARS) -> date:
    """The last day of validity: the day before the anniversary (29 February: 28 February)."""
    try:
        anniversary = issued_on.replace(year=issued_on.year + years)
    except ValueError:
        anniversary = issued_on.replace(year=issued_on.year + years, day=28)
        return anniversary
    return date.fromordinal(anniversary.toordinal() - 1)


def decide_issue(state: Certificate, command: IssueCertificate) -> list[CertificateEvent]:
    if state.issued is not None:
        if state.issued.attempt_id == command.attempt_id:
            return []  # issued already: once per certificate
        raise conflict("certificate_id", "sertifikat ini sudah terbit untuk keputusan lain",
                       "this certificate was issued for another decision")  # fmt: skip
    return [CertificateIssued(**command.model_dump())]


def evolve(state: Certificate, event: CertificateEvent) -> Certificate:
    if isinstance(event, CertificateIssued):
        return Certificate(issued=event)
    if isinstance(event, AgreementSigned):
        return replace(state, agreement=event, status=Status.VALID)
    if isinstance(event, CertificateSuspended):
        return replace(state, status=Status.SUSPENDED)
    if isinstance(event, CertificateReinstated):
        released = state.agreement is not None
        return replace(state, status=Status.VALID if released else Status.AWAITING_AGREEMENT)
    if isinstance(event, CertificateWithdrawn):
        return replace(state, status=Status.WITHDRAWN)
    if isinstance(event, CertificateReplaced):
        return replace(state, status=Status.REPLACED, replaced_by=event.replaced_by)
    if isinstance(event, DuplicateIssued):
        return replace(state, copy_ids=(*state.copy_ids, event.copy_id))
    if isinstance(event, BlankoNumberAttached):
        return replace(state, blanko_number=event.blanko_number)
    if isinstance(event, CertificateCollected):
        return replace(state, collected=(*state.collected, event))
    assert isinstance(event, CertificateExpired)
    return replace(state, status=Status.EXPIRED)
