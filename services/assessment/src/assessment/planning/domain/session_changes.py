"""What happens to a session after it is scheduled, besides assignments and the exam: a new
window, the cancellation's reason, the assessment plan (FR.MAPA.01), and the notices that
confirm a schedule, a new window or a cancellation to the people assigned."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ChangeReason(StrEnum):
    """Why a session moves or is called off: a code, published; the admin's own words
    (which might name someone) stay inside."""

    SITE_UNAVAILABLE = "site_unavailable"
    ASSESSOR_UNAVAILABLE = "assessor_unavailable"
    CANDIDATES_UNAVAILABLE = "candidates_unavailable"
    FORCE_MAJEURE = "force_majeure"
    OTHER = "other"


class SessionRescheduled(_Frozen):
    session_id: UUID
    starts_at: datetime
    ends_at: datetime
    previous_starts_at: datetime
    previous_ends_at: datetime
    reason: ChangeReason
    note: str = ""
    rescheduled_by: UUID
    rescheduled_at: datetime


class UnitPlan(_Frozen):
    unit_code: str
    instruments: list[str]  # form codes (IA.01, IA.05, ...), in form order


class AssessmentPlanSet(_Frozen):
    """FR.MAPA.01: the instruments chosen per unit, from a published bank version's offer."""

    session_id: UUID
    bank_version: int
    units: list[UnitPlan]
    set_by: UUID
    set_at: datetime


class NoticeKind(StrEnum):
    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


class NoticeRecipient(_Frozen):
    attempt_id: UUID
    candidate_id: UUID
    assessor_id: UUID


class NoticesIssued(_Frozen):
    """Confirmations to the candidates and assessors named: what is public of the session
    (ids, the scheme, the test site, an institution's name and address, the window)."""

    session_id: UUID
    kind: NoticeKind
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    district_code: str
    site_id: UUID
    site_name: str
    site_address: str
    starts_at: datetime
    ends_at: datetime
    previous_starts_at: datetime | None = None
    previous_ends_at: datetime | None = None
    reason: ChangeReason | None = None
    recipients: list[NoticeRecipient]
    issued_at: datetime
