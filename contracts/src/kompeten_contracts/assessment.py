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
