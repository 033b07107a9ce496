"""A session's changes before its exam: an LSP admin moves it to a new window or cancels it
(the people assigned are notified); the admin or one of its assessors sets the assessment plan
(FR.MAPA.01: the instruments per unit, from the published bank's offer)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assessment.api.access import Admin, Runner, SessionStaff
from assessment.api.root import Service
from assessment.planning.api.sessions import SessionOut, get_session
from assessment.planning.domain.session_changes import AssessmentPlanSet, ChangeReason
from kompeten_contracts.errors import not_found
from kompeten_contracts.roles import Role

router = APIRouter(tags=["sessions"])
Note = Field(default="", max_length=500, description="the admin's words; stay inside")


class RescheduleIn(BaseModel):
    starts_at: datetime
    ends_at: datetime
    reason: ChangeReason
    note: str = Note


class CancelIn(BaseModel):
    reason: ChangeReason
    note: str = Note


class PlanIn(BaseModel):
    units: dict[str, list[str]] = Field(
        min_length=1,
        max_length=100,
        description="per unit code, the instrument codes chosen (IA.01, IA.05, ...)",
    )


class UnitPlanOut(BaseModel):
    unit_code: str
    instruments: list[str]


class PlanOut(BaseModel):
    session_id: UUID
    bank_version: int
    units: list[UnitPlanOut]
    set_at: datetime


def plan_out(plan: AssessmentPlanSet) -> PlanOut:
    units = [UnitPlanOut(**u.model_dump()) for u in plan.units]
    return PlanOut(
        session_id=plan.session_id, bank_version=plan.bank_version, units=units, set_at=plan.set_at
    )


@router.post("/sessions/{session_id}/reschedule", response_model=SessionOut)
async def reschedule(
    session_id: UUID, body: RescheduleIn, service: Service, admin: Admin
) -> SessionOut:
    await service.planning().changes.reschedule(
        session_id,
        body.starts_at,
        body.ends_at,
        body.reason,
        body.note,
        admin.lsp_id,
        admin.account_id,
    )
    return await get_session(session_id, service, admin)


@router.post("/sessions/{session_id}/cancel", response_model=SessionOut)
async def cancel(session_id: UUID, body: CancelIn, service: Service, admin: Admin) -> SessionOut:
    await service.planning().changes.cancel(
        session_id, body.reason, body.note, admin.lsp_id, admin.account_id
    )
    return await get_session(session_id, service, admin)


@router.put("/sessions/{session_id}/plan", response_model=PlanOut)
async def set_plan(session_id: UUID, body: PlanIn, service: Service, staff: Runner) -> PlanOut:
    plan = await service.planning().plans(
        session_id, body.units, staff.lsp_id, staff.account_id, staff.role is Role.LSP_ADMIN
    )
    return plan_out(plan)


@router.get("/sessions/{session_id}/plan", response_model=PlanOut)
async def get_plan(session_id: UUID, service: Service, staff: SessionStaff) -> PlanOut:
    state = await service.planning().session_of(session_id, staff.lsp_id)
    if state.mapa is None:
        raise not_found(
            "plan",
            "rencana asesmen (MAPA) belum ditetapkan",
            "the assessment plan (MAPA) is not set yet",
        )
    return plan_out(state.mapa)
