"""Appeals (banding, FR.AK.04): the candidate lodges one against the recommendation on their
own attempt and reads it; the LSP admin assigns an independent reviewer (one of the LSP's
decision makers); that reviewer decides with reasons. The LSP's admins and decision makers list
and read their LSP's appeals; another's answers 404."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from assessment.api.access import Admin, AppealReader, AppealStaff, Examinee, Reviewer
from assessment.api.root import Service
from assessment.appeals.application.appeal_grounds import Grounds, GroundsStatus
from assessment.appeals.domain.appeal import Appeal, AppealOutcome
from assessment.bootstrap import AssessmentService
from kompeten_contracts.roles import Role
from servicekit.auth import Principal

router = APIRouter(tags=["appeals"])
Status = Literal["open", "upheld", "dismissed"]


class AppealIn(BaseModel):
    attempt_id: UUID
    grounds: str = Field(max_length=8000, description="why the candidate appeals, 20-4000 chars")
    client_id: UUID = Field(description="the phone's id for this submission: a retry is one")


class ReviewerIn(BaseModel):
    reviewer_id: UUID = Field(description="a decision maker of the LSP, not involved")


class DecisionIn(BaseModel):
    outcome: AppealOutcome
    reasons: str = Field(max_length=8000, description="why, 20-4000 chars")


class AppealSummaryOut(BaseModel):
    appeal_id: UUID
    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    scheme_code: str
    session_id: UUID
    lodged_at: datetime
    status: Status
    reviewer_id: UUID | None = None
    decided_at: datetime | None = None


class AppealOut(AppealSummaryOut):
    grounds: str | None = Field(description="null when erased or not readable now")
    grounds_status: GroundsStatus
    reasons: str | None = Field(default=None, description="null until decided, or when erased")
    reasons_status: GroundsStatus | None = Field(
        default=None, description="null until decided; else as grounds_status"
    )


async def appeal_out(service: AssessmentService, state: Appeal, who: Principal) -> AppealOut:
    lodged, decided = state.lodged, state.decided
    assert lodged is not None
    staff = who.role is not Role.CANDIDATE
    grounds: Grounds = await service.appeals().grounds.opened(
        lodged, who.account_id, who.role.value, staff
    )
    reasons: Grounds | None = None
    if decided is not None and (texts := service.appeals().reasons) is not None:
        reasons = await texts.opened(decided, who.account_id, who.role.value, staff)
    elif decided is not None:
        reasons = Grounds(GroundsStatus.SHOWN, decided.reasons)
    return AppealOut(
        **lodged.model_dump(include=set(AppealSummaryOut.model_fields)),
        grounds=grounds.text, grounds_status=grounds.status,
        status=decided.outcome.value if decided else "open", reviewer_id=state.reviewer_id,
        decided_at=decided.decided_at if decided else None,
        reasons=reasons.text if reasons else None,
        reasons_status=reasons.status if reasons else None,
    )  # fmt: skip


@router.post("/appeals", status_code=201, response_model=AppealOut)
async def lodge(body: AppealIn, response: Response, service: Service, me: Examinee) -> AppealOut:
    appeal_id, new = await service.appeals().lodge(
        body.attempt_id, body.grounds, body.client_id, me.candidate_id
    )
    if not new:
        response.status_code = 200  # a retry: the appeal lodged the first time
    return await appeal_out(
        service, await service.appeals().of_candidate(appeal_id, me.candidate_id), me
    )


@router.get("/appeals/{appeal_id}", response_model=AppealOut)
async def read(appeal_id: UUID, service: Service, who: AppealReader) -> AppealOut:
    if who.role is Role.CANDIDATE:
        state = await service.appeals().of_candidate(appeal_id, who.candidate_id)
    else:
        state = await service.appeals().of_lsp(appeal_id, who.lsp_id)
    return await appeal_out(service, state, who)


@router.post("/appeals/{appeal_id}/reviewer", response_model=AppealOut)
async def assign_reviewer(
    appeal_id: UUID, body: ReviewerIn, service: Service, admin: Admin
) -> AppealOut:
    state = await service.appeals().assign_reviewer(
        appeal_id, body.reviewer_id, admin.lsp_id, admin.account_id
    )
    return await appeal_out(service, state, admin)


@router.post("/appeals/{appeal_id}/decision", response_model=AppealOut)
async def decide(
    appeal_id: UUID, body: DecisionIn, service: Service, reviewer: Reviewer
) -> AppealOut:
    state = await service.appeals().decide(
        appeal_id, body.outcome, body.reasons, reviewer.lsp_id, reviewer.account_id
    )
    return await appeal_out(service, state, reviewer)


@router.get("/appeals", response_model=list[AppealSummaryOut])
async def listed(
    service: Service, staff: AppealStaff, status: Status | None = None
) -> list[AppealSummaryOut]:
    rows = await service.appeals().listed(staff.lsp_id, status)
    return [AppealSummaryOut(**row) for row in rows]
