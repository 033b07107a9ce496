"""What happens to a certificate after the decision that issued it, as its stream records it:
issued, the holder's agreement signed (then it is released), suspended, reinstated,
withdrawn, replaced by a corrected certificate, a duplicate copy issued for a lost one, expired,
its national registration (blanko) number attached, its paper collected by the holder.
Every change names its actor and a reason code; no free text, so no personal data, is kept."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.shared.domain.outcomes import UnitOutcome


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class IssueCertificate(Frozen):
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
    replaces: UUID | None = None  # the certificate this one corrects
    status_index: int | None = None  # in the LSP's status lists; None: issued before they were


class CertificateIssued(IssueCertificate):
    pass


class ActorRole(StrEnum):
    CANDIDATE = "candidate"
    LSP_ADMIN = "lsp_admin"
    SYSTEM = "system"  # the service itself: expiry


class SuspensionReason(StrEnum):
    SURVEILLANCE_OVERDUE = "surveillance_overdue"
    COMPLAINT_UNDER_REVIEW = "complaint_under_review"
    MISUSE_SUSPECTED = "misuse_suspected"
    DATA_UNDER_REVIEW = "data_under_review"


class ReinstatementReason(StrEnum):
    REVIEW_CLEARED = "review_cleared"
    SURVEILLANCE_COMPLETED = "surveillance_completed"
    SUSPENDED_IN_ERROR = "suspended_in_error"


class WithdrawalReason(StrEnum):
    MISUSE = "misuse"
    ASSESSMENT_INVALID = "assessment_invalid"
    SURVEILLANCE_FAILED = "surveillance_failed"
    HOLDER_REQUEST = "holder_request"
    ISSUED_IN_ERROR = "issued_in_error"


class ReplacementReason(StrEnum):
    DATA_CORRECTION = "data_correction"
    UNIT_CORRECTION = "unit_correction"
    SIGNING_KEY_RETIRED = "signing_key_retired"


class DuplicateReason(StrEnum):
    LOST = "lost"
    DAMAGED = "damaged"


class Change(Frozen):
    certificate_id: UUID
    candidate_id: UUID
    lsp_id: UUID | None
    actor_id: UUID | None  # the account that acted; None when the service did (expiry)
    actor_role: ActorRole
    at: datetime


class AgreementSigned(Change):
    """The holder was told how the certificate may be used and signed to comply: from now on
    the certificate is released (verification shows it valid, it may be printed)."""

    agreement_version: str
    carried_from: UUID | None = None  # a replacement keeps the agreement of the one it replaces


class CertificateSuspended(Change):
    reason: SuspensionReason


class CertificateReinstated(Change):
    reason: ReinstatementReason


class CertificateWithdrawn(Change):
    reason: WithdrawalReason


class CertificateReplaced(Change):
    reason: ReplacementReason
    replaced_by: UUID
    replacement_number: str


class DuplicateIssued(Change):
    """A new copy of the same certificate (same number, same token) for a lost or damaged
    paper: the copy number tells the papers apart."""

    reason: DuplicateReason
    copy_id: UUID
    copy_no: int


class CertificateExpired(Change):
    valid_until: date


class CertificateCollected(Change):
    """The LSP recorded that the holder collected the printed paper (the copy in their hands)."""

    copy_no: int
    collected_on: date


class BlankoNumberAttached(Change):
    """The national authority's registration (blanko) number for this certificate, from the
    authority's file the LSP imported."""

    blanko_number: str
    import_id: UUID  # the import that brought it
    number: str | None = None  # the certificate's; None: recorded before it was carried


CertificateEvent = (
    CertificateIssued
    | AgreementSigned
    | CertificateSuspended
    | CertificateReinstated
    | CertificateWithdrawn
    | CertificateReplaced
    | DuplicateIssued
    | CertificateExpired
    | BlankoNumberAttached
    | CertificateCollected
)
EVENTS: tuple[type[CertificateEvent], ...] = (
    CertificateIssued,
    AgreementSigned,
    CertificateSuspended,
    CertificateReinstated,
    CertificateWithdrawn,
    CertificateReplaced,
    DuplicateIssued,
    CertificateExpired,
    BlankoNumberAttached,
    CertificateCollected,
)
