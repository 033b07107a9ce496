"""An assessment session (the LSP's plan for one scheme version at one test site in one time
window): who assesses, who is assigned, when the exam starts. One stream per session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from assessment.planning.domain.session_changes import (
    AssessmentPlanSet,
    NoticesIssued,
    SessionRescheduled,
)
from kompeten_contracts.errors import conflict, forbidden, invalid

# The start code is released no earlier than this before the start, as Indonesia's national
# computer-based exams do.
RELEASE_BEFORE = timedelta(minutes=10)
GRACE = timedelta(minutes=5)  # answers in flight at the deadline still arrive in time


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SessionScheduled(_Frozen):
    session_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    site_id: UUID
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    capacity: int
    assessor_ids: list[UUID]
    start_code: str
    scheduled_by: UUID
    scheduled_at: datetime


class Assignment(_Frozen):
    candidate_id: UUID
    application_id: UUID
    assessor_id: UUID
    attempt_id: UUID
    cooperative_id: UUID
    occupational_group: str
    attempt_no: int = 1  # 2, 3...: a re-assessment of the same application


class CandidatesAssigned(_Frozen):
    session_id: UUID
    assignments: list[Assignment]
    assigned_by: UUID
    assigned_at: datetime


class ExamStarted(_Frozen):
    session_id: UUID
    started_at: datetime
    deadline: datetime
    grace_seconds: int
    started_by: UUID


class SessionCancelled(_Frozen):
    session_id: UUID
    reason: str
    cancelled_by: UUID
    cancelled_at: datetime


class SessionClosed(_Frozen):
    """The assessor closed the hall: attempts whose phones never confirmed everything sent are
    judged on what arrived."""

    session_id: UUID
    closed_by: UUID
    closed_at: datetime


SessionEvent = (
    SessionScheduled
    | CandidatesAssigned
    | ExamStarted
    | SessionCancelled
    | SessionClosed
    | SessionRescheduled
    | AssessmentPlanSet
    | NoticesIssued
)
EVENTS: tuple[type[SessionEvent], ...] = (
    SessionScheduled,
    CandidatesAssigned,
    ExamStarted,
    SessionCancelled,
    SessionClosed,
    SessionRescheduled,
    AssessmentPlanSet,
    NoticesIssued,
)


@dataclass(frozen=True)
class Session:
    plan: SessionScheduled | None = None
    assignments: tuple[Assignment, ...] = ()
    started: ExamStarted | None = None
    cancelled: bool = False
    closed: bool = False
    mapa: AssessmentPlanSet | None = None  # FR.MAPA.01, once set

    def assigned(self, candidate_id: UUID) -> Assignment | None:
        return next((a for a in self.assignments if a.candidate_id == candidate_id), None)

    def load_of(self, assessor_id: UUID) -> int:
        return sum(a.assessor_id == assessor_id for a in self.assignments)

    def code_released(self, now: datetime) -> bool:
        return self.plan is not None and now >= self.plan.starts_at - RELEASE_BEFORE


def stream_id(session_id: UUID) -> str:
    return f"session-{session_id}"


def decide_schedule(state: Session, command: SessionScheduled, now: datetime) -> list[SessionEvent]:
    if state.plan is not None:
        if state.plan == command:
            return []
        raise conflict("session_id", "sesi sudah dijadwalkan", "session already scheduled")
    window = command.ends_at - command.starts_at
    if command.starts_at <= now:
        raise invalid("starts_at", "waktu mulai harus di masa depan", "must be in the future")
    if window <= timedelta(0) or window > timedelta(hours=12):
        raise invalid("ends_at", "sesi 1 menit-12 jam setelah mulai", "0-12 hours after start")
    if not 5 <= command.exam_minutes <= window.total_seconds() / 60:
        raise invalid("exam_minutes", "5 menit sampai lama sesi", "5 minutes to the window")
    if not 1 <= command.capacity <= 1000:
        raise invalid("capacity", "kapasitas 1-1000 peserta", "capacity must be 1-1000")
    if not command.assessor_ids or len(set(command.assessor_ids)) != len(command.assessor_ids):
        raise invalid("assessor_ids", "minimal satu asesor, tanpa duplikat", "one or more, unique")
    return [command]


def decide_start(
    state: Session,
    by: UUID,
    now: datetime,
    is_admin: bool = False,
    started_at: datetime | None = None,
) -> list[SessionEvent]:
    """`started_at`: when the assessor's tablet started the exam while the hall had no uplink,
    synced later; it must fall within the session's window and not lie in the future."""
    plan = live_plan(state)
    if by not in plan.assessor_ids and not is_admin:
        raise forbidden("session_id", "bukan asesor sesi ini", "not an assessor of this session")
    if state.started is not None:
        return []
    at = started_at or now
    if started_at is not None and started_at > now:
        raise invalid("started_at", "tidak boleh di masa depan", "cannot be in the future")
    if not state.code_released(at):
        raise conflict(
            "starts_at",
            "ujian dapat dimulai paling cepat 10 menit sebelum jadwal",
            "the exam can start no earlier than 10 minutes before the scheduled start",
        )
    if at >= plan.ends_at:
        raise conflict("ends_at", "waktu sesi sudah lewat", "the session's window has passed")
    deadline = at + timedelta(minutes=plan.exam_minutes)
    return [
        ExamStarted(
            session_id=plan.session_id,
            started_at=at,
            deadline=deadline,
            grace_seconds=int(GRACE.total_seconds()),
            started_by=by,
        )
    ]


def decide_close(
    state: Session, by: UUID, now: datetime, is_admin: bool = False
) -> list[SessionEvent]:
    plan = live_plan(state)
    if by not in plan.assessor_ids and not is_admin:
        raise forbidden("session_id", "bukan asesor sesi ini", "not an assessor of this session")
    if state.closed:
        return []
    if state.started is None or now < state.started.deadline:
        raise conflict(
            "session_id",
            "sesi dapat ditutup setelah batas waktu ujian",
            "the session can be closed after the exam's deadline",
        )
    return [SessionClosed(session_id=plan.session_id, closed_by=by, closed_at=now)]


def live_plan(state: Session) -> SessionScheduled:
    if state.plan is None:
        raise conflict("session_id", "sesi tidak ditemukan", "no such session")
    if state.cancelled:
        raise conflict("session_id", "sesi dibatalkan", "the session was cancelled")
    return state.plan


def evolve(state: Session, event: SessionEvent) -> Session:
    if isinstance(event, SessionScheduled):
        return Session(plan=event)
    if isinstance(event, CandidatesAssigned):
        return replace(state, assignments=state.assignments + tuple(event.assignments))
    if isinstance(event, ExamStarted):
        return replace(state, started=event)
    if isinstance(event, SessionClosed):
        return replace(state, closed=True)
    if isinstance(event, SessionRescheduled) and state.plan is not None:
        window = {"starts_at": event.starts_at, "ends_at": event.ends_at}
        return replace(state, plan=state.plan.model_copy(update=window))
    if isinstance(event, AssessmentPlanSet):
        return replace(state, mapa=event)
    if isinstance(event, SessionCancelled):
        return replace(state, cancelled=True)
    return state  # NoticesIssued: what was said, not a change of the session
