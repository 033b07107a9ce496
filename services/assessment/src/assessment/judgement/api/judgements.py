"""The assessor's judgement of an attempt (FR.AK.02 per unit with its evidence, FR.AK.03
feedback) and the recommendation it became; the LSP's staff of the session read them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assessment.api.access import Runner, SessionStaff
from assessment.api.root import Service
from assessment.judgement.domain.judgement import Judgement, Outcome, UnitJudgement, UnitOutcome
from assessment.planning.application.session_audience import Viewer
from kompeten_contracts.roles import Role

router = APIRouter(tags=["judgement"])


class UnitJudgementIn(BaseModel):
    unit_code: str = Field(min_length=1, max_length=40)
    outcome: Outcome
    evidence: list[str] = Field(
        min_length=1,
        max_length=31,
        description="IA.01 ... IA.11, and optionally evidence photos by their SHA-256 (of the "
        "candidate's capture records, uploaded to the session)",
    )
    note: str = Field(default="", max_length=2000)


class JudgementIn(BaseModel):
    units: list[UnitJudgementIn] = Field(min_length=1, max_length=50)
    feedback: str = Field(min_length=1, max_length=4000, description="FR.AK.03, both ways")


class RecommendationOut(BaseModel):
    units: list[UnitOutcome]
    overall: Outcome
    recommended_at: datetime


class JudgementOut(BaseModel):
    attempt_id: UUID
    units: list[UnitJudgementIn]
    feedback: str
    judged_at: datetime | None
    recommendation: RecommendationOut | None


def judgement_out(attempt_id: UUID, state: Judgement) -> JudgementOut:
    judged, published = state.judged, state.published
    return JudgementOut(
        attempt_id=attempt_id,
        units=[UnitJudgementIn(**u.model_dump()) for u in judged.units] if judged else [],
        feedback=judged.feedback if judged else "",
        judged_at=judged.judged_at if judged else None,
        recommendation=RecommendationOut(**published.model_dump()) if published else None,
    )


@router.put("/attempts/{attempt_id}/judgement", response_model=JudgementOut)
async def judge(
    attempt_id: UUID, body: JudgementIn, service: Service, staff: Runner
) -> JudgementOut:
    units = [UnitJudgement(**u.model_dump()) for u in body.units]
    state = await service.judgement().judge(
        attempt_id, units, body.feedback, staff.account_id, staff.lsp_id,
        staff.role is Role.LSP_ADMIN,
    )  # fmt: skip
    return judgement_out(attempt_id, state)


@router.get("/attempts/{attempt_id}/judgement", response_model=JudgementOut)
async def read(attempt_id: UUID, service: Service, staff: SessionStaff) -> JudgementOut:
    viewer = Viewer(staff.account_id, staff.role)
    state = await service.judgement().view.of(attempt_id, staff.lsp_id, viewer)
    return judgement_out(attempt_id, state)
