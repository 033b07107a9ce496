"""Sessions: an LSP admin schedules one and assigns accepted candidates (one by one or a whole
cohort); the session's assessor starts the exam and reads the start code out in the hall.
An LSP's staff see their LSP's sessions only; another LSP's is not found."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assessment.api.access import Admin, Runner, SessionStaff
from assessment.api.root import Service
from assessment.planning.application.session_plan import SessionPlan
from assessment.planning.domain.session import RELEASE_BEFORE, Assignment
from kompeten_contracts.errors import conflict, forbidden
from kompeten_contracts.roles import Role

router = APIRouter(tags=["sessions"])


class SessionIn(BaseModel):
    scheme_code: str = Field(min_length=2, max_length=60)
    scheme_version: int = Field(ge=1)
    site_id: UUID
    district_code: str = Field(pattern=r"^\d{4}$")
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int = Field(ge=5, le=720)
    capacity: int = Field(ge=1, le=1000)
    assessor_ids: list[UUID] = Field(min_length=1, max_length=50)


class SessionFields(BaseModel):
    """What a session says wherever it is shown: alone (SessionOut) or on the board."""

    session_id: UUID
    scheme_code: str
    scheme_version: int
    site_id: UUID
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    capacity: int
    assessor_ids: list[UUID]
    assigned: int
    started_at: datetime | None = None
    deadline: datetime | None = None


class SessionOut(SessionFields):
    cancelled: bool = False
    closed: bool = False


class AssignIn(BaseModel):
    application_ids: list[UUID] = Field(min_length=1, max_length=1000)


class AssignmentOut(BaseModel):
    candidate_id: UUID
    application_id: UUID
    assessor_id: UUID
    attempt_id: UUID
    attempt_no: int


class StartOut(BaseModel):
    session_id: UUID
    started_at: datetime
    deadline: datetime
    grace_seconds: int


class StartCodeOut(BaseModel):
    start_code: str
    released_at: datetime


@router.post("/sessions", status_code=201, response_model=SessionOut)
async def schedule(body: SessionIn, service: Service, admin: Admin) -> SessionOut:
    session_id = await service.planning().schedule(
        SessionPlan(**body.model_dump()), admin.lsp_id, admin.account_id
    )
    return await get_session(session_id, service, admin)


@router.get("/sessions/{session_id}", response_model=SessionOut)
async def get_session(session_id: UUID, service: Service, staff: SessionStaff) -> SessionOut:
    state = await service.planning().session_of(session_id, staff.lsp_id)
    plan = state.plan
    assert plan is not None
    return SessionOut(
        **plan.model_dump(exclude={"start_code", "lsp_id", "scheduled_by", "scheduled_at"}),
        assigned=len(state.assignments),
        started_at=state.started.started_at if state.started else None,
        deadline=state.started.deadline if state.started else None,
        cancelled=state.cancelled,
        closed=state.closed,
    )


@router.post("/sessions/{session_id}/assignments", response_model=list[AssignmentOut])
async def assign(
    session_id: UUID, body: AssignIn, service: Service, admin: Admin
) -> list[AssignmentOut]:
    done: list[Assignment] = await service.planning().assign(
        session_id, body.application_ids, admin.lsp_id, admin.account_id
    )
    return [AssignmentOut(**a.model_dump(include=set(AssignmentOut.model_fields))) for a in done]


class StartIn(BaseModel):
    started_at: datetime | None = Field(
        default=None,
        description="when the tablet started the exam offline (no uplink in the hall); absent: now",
    )


@router.post("/sessions/{session_id}/start", response_model=StartOut)
async def start(
    session_id: UUID, service: Service, staff: Runner, body: StartIn | None = None
) -> StartOut:
    started = await service.planning().start(
        session_id, staff.lsp_id, staff.account_id, staff.role is Role.LSP_ADMIN,
        body.started_at if body else None,
    )  # fmt: skip
    return StartOut(**started.model_dump(include=set(StartOut.model_fields)))


@router.post("/sessions/{session_id}/close", response_model=SessionOut)
async def close(session_id: UUID, service: Service, staff: Runner) -> SessionOut:
    await service.planning().close(
        session_id, staff.lsp_id, staff.account_id, staff.role is Role.LSP_ADMIN
    )
    return await get_session(session_id, service, staff)


@router.get("/sessions/{session_id}/start-code", response_model=StartCodeOut)
async def start_code(session_id: UUID, service: Service, staff: SessionStaff) -> StartCodeOut:
    state = await service.planning().session_of(session_id, staff.lsp_id)
    plan = state.plan
    assert plan is not None
    if staff.role is Role.ASSESSOR and staff.account_id not in plan.assessor_ids:
        raise forbidden("session_id", "bukan asesor sesi ini", "not an assessor of this session")
    if not state.code_released(service.now()):
        raise conflict(
            "session_id",
            "kode mulai tersedia 10 menit sebelum jadwal",
            "the start code is released 10 minutes before the start",
        )
    return StartCodeOut(start_code=plan.start_code, released_at=plan.starts_at - RELEASE_BEFORE)
