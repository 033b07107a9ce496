"""Public events of assessment (topic kompeten.assessment.events). Nothing personal: candidates,
assessors and sessions appear by their opaque ids only."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.base import PublicEvent


class OutcomeV1(StrEnum):
    COMPETENT = "K"  # kompeten
    NOT_YET_COMPETENT = "BK"  # belum kompeten


class UnitOutcomeV1(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit_code: str = Field(description="SKKNI unit code, as in SchemeVersionPublished")
    outcome: OutcomeV1 = Field(description="K (competent) or BK (not yet competent)")


class RecommendationPublishedV1(PublicEvent):
    """The assessor's recommendation for one assessment attempt (FR.AK.02), complete: every
    unit of the scheme with its outcome, and overall. Certification decides on it; by the
    independence rule no one named in `assessor_ids` or `trainer_ids` may decide. Published
    once per attempt; a re-assessment is a new attempt with its own recommendation."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "RecommendationPublished"
    version: ClassVar[int] = 1

    attempt_id: UUID = Field(description="The assessment attempt recommended on")
    attempt_no: int = Field(ge=1, description="1 for the first attempt, 2 for a re-assessment...")
    candidate_id: UUID = Field(description="Opaque id of the candidate, as registration's")
    application_id: UUID = Field(description="The accepted application assessed")
    lsp_id: UUID | None = Field(description="The LSP that assessed and will decide")
    scheme_code: str
    scheme_version: int = Field(ge=1)
    session_id: UUID = Field(description="The assessment session: the cohort assessed together")
    district_code: str = Field(pattern=r"^\d{4}$", description="The session's district")
    units: list[UnitOutcomeV1] = Field(min_length=1)
    overall: OutcomeV1 = Field(description="K only when every unit is K")
    assessor_ids: list[UUID] = Field(
        min_length=1, description="Everyone who assessed the candidate in this attempt"
    )
    recommended_at: datetime
    trainer_ids: list[UUID] = Field(
        default_factory=list,
        description="Everyone who trained the candidate for this LSP (diklat modules recorded "
        "with assessment), opaque staff ids; absent or empty when no training is on record",
    )


class AppealOutcomeV1(StrEnum):
    UPHELD = "upheld"  # the recommendation is set aside; the candidate may be re-assessed
    DISMISSED = "dismissed"  # the recommendation stands


class AppealLodgedV1(PublicEvent):
    """The candidate appealed the recommendation on one attempt (FR.AK.04, banding), within
    the appeal window. Until the appeal is decided (AppealDecidedV1 with the same appeal_id),
    no certificate is issued on that attempt's recommendation. Nothing of the grounds leaves
    assessment."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "AppealLodged"
    version: ClassVar[int] = 1

    appeal_id: UUID = Field(description="The appeal")
    attempt_id: UUID = Field(description="The attempt whose recommendation is appealed")
    attempt_no: int = Field(ge=1, description="That attempt's number for its application")
    candidate_id: UUID = Field(description="Opaque id of the candidate, as registration's")
    application_id: UUID = Field(description="The accepted application assessed")
    lsp_id: UUID | None = Field(description="The LSP that assessed and decides the appeal")
    lodged_at: datetime


class AppealDecidedV1(PublicEvent):
    """The independent reviewer decided an appeal. Upheld: the attempt's recommendation is set
    aside and the candidate may be re-assessed (a new attempt with its own recommendation);
    dismissed: the recommendation stands. Either way the appeal is no longer open. Nothing of
    the grounds or the reasons leaves assessment."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "AppealDecided"
    version: ClassVar[int] = 1

    appeal_id: UUID = Field(description="The appeal, as in AppealLodged")
    attempt_id: UUID = Field(description="The attempt whose recommendation was appealed")
    attempt_no: int = Field(ge=1, description="That attempt's number for its application")
    candidate_id: UUID = Field(description="Opaque id of the candidate, as registration's")
    application_id: UUID = Field(description="The accepted application assessed")
    lsp_id: UUID | None = Field(description="The LSP that decided the appeal")
    outcome: AppealOutcomeV1 = Field(description="upheld or dismissed")
    decided_at: datetime
    reviewer_id: UUID | None = Field(
        default=None,
        description="The reviewer who decided the appeal (an opaque staff id): by the "
        "independence rule they may not decide the candidate's certification",
    )


class ChangeReasonV1(StrEnum):
    SITE_UNAVAILABLE = "site_unavailable"
    ASSESSOR_UNAVAILABLE = "assessor_unavailable"
    CANDIDATES_UNAVAILABLE = "candidates_unavailable"
    FORCE_MAJEURE = "force_majeure"
    OTHER = "other"


class _AssignmentNotice(PublicEvent):
    """What every notice of one candidate's assessment says: who (by opaque ids), what scheme,
    where (the test site: an institution, named with its address) and when."""

    attempt_id: UUID = Field(description="The candidate's assessment attempt in the session")
    session_id: UUID = Field(description="The assessment session")
    candidate_id: UUID = Field(description="Opaque id of the candidate, as registration's")
    assessor_id: UUID = Field(description="The assessor assigned (a staff account's id)")
    lsp_id: UUID | None = Field(description="The LSP that plans and assesses")
    scheme_code: str
    scheme_version: int = Field(ge=1)
    district_code: str = Field(pattern=r"^\d{4}$", description="The test site's district")
    site_id: UUID = Field(description="The test site (TUK)")
    site_name: str = Field(description="The test site's name, e.g. BLK Karangasem")
    site_address: str = Field(description="The test site's street address")
    starts_at: datetime = Field(description="When the session starts")
    ends_at: datetime = Field(description="When the session's window ends")


class AssessmentScheduledV1(_AssignmentNotice):
    """A candidate was assigned to an assessment session with an assessor: the schedule to
    confirm to both. One per assignment; key `attempt-{attempt_id}`."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "AssessmentScheduled"
    version: ClassVar[int] = 1

    scheduled_at: datetime


class AssessmentRescheduledV1(_AssignmentNotice):
    """The session of a scheduled assessment moved to a new window (`starts_at`, `ends_at`);
    the old one is given. One per assignment of the session."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "AssessmentRescheduled"
    version: ClassVar[int] = 1

    previous_starts_at: datetime
    previous_ends_at: datetime
    reason: ChangeReasonV1
    rescheduled_at: datetime


class AssessmentCancelledV1(_AssignmentNotice):
    """The session of a scheduled assessment was cancelled before its exam: the attempt is
    void (it takes no answers). One per assignment of the session; the window given is the
    one cancelled."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "AssessmentCancelled"
    version: ClassVar[int] = 1

    reason: ChangeReasonV1
    cancelled_at: datetime
