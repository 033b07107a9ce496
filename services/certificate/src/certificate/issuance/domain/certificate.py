"""The certificate aggregate: one stream per certificate, issued once for a decision K. The
number, the public token and the signed QR payload are given to it (numbering, signing); it
keeps that a certificate is issued once and what it says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.shared.domain.outcomes import UnitOutcome
from kompeten_contracts.errors import conflict

VALIDITY_YEARS = 3


class IssueCertificate(BaseModel):
    model_config = ConfigDict(frozen=True)

    certificate_id: UUID
    token: str  # the public, unguessable id the QR and the verification page carry
    attempt_id: UUID
    candidate_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    session_id: UUID
    district_code: str
    units: tuple[UnitOutcome, ...]
    number: str
    issued_on: date
    valid_until: date
    kid: str
    qr_payload: str
    at: datetime


class CertificateIssued(IssueCertificate):
    pass


CertificateEvent = CertificateIssued
EVENTS: tuple[type[CertificateEvent], ...] = (CertificateIssued,)


@dataclass(frozen=True)
class Certificate:
    issued: CertificateIssued | None = None


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
    return Certificate(issued=event)
