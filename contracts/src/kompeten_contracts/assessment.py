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
    independence rule no one named in `assessor_ids` may decide. Published once per attempt;
    a re-assessment is a new attempt with its own recommendation."""

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
