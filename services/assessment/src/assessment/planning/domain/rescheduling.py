"""Moving a session to a new window, or calling it off: both only before its exam starts. The
window's rules are the scheduling's; the site and the assessors are checked again for the new
day by the caller, and the candidates' other sessions too."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from assessment.planning.domain.session import (
    Session,
    SessionCancelled,
    SessionEvent,
    SessionScheduled,
    live_plan,
)
from assessment.planning.domain.session_changes import ChangeReason, SessionRescheduled
from kompeten_contracts.errors import conflict, invalid

MAX_NOTE = 500


def not_started(state: Session) -> SessionScheduled:
    plan = live_plan(state)
    if state.started is not None:
        raise conflict(
            "session_id",
            "ujian sudah dimulai; sesi tidak dapat diubah",
            "the exam has started; the session can no longer change",
        )
    return plan


def decide_reschedule(
    state: Session,
    starts_at: datetime,
    ends_at: datetime,
    reason: ChangeReason,
    note: str,
    by: UUID,
    now: datetime,
) -> list[SessionEvent]:
    plan = not_started(state)
    if (starts_at, ends_at) == (plan.starts_at, plan.ends_at):
        return []
    if starts_at <= now:
        raise invalid("starts_at", "waktu mulai harus di masa depan", "must be in the future")
    window = ends_at - starts_at
    if window <= timedelta(0) or window > timedelta(hours=12):
        raise invalid("ends_at", "sesi 1 menit-12 jam setelah mulai", "0-12 hours after start")
    if plan.exam_minutes > window.total_seconds() / 60:
        raise invalid(
            "ends_at",
            f"jendela baru lebih pendek dari ujian ({plan.exam_minutes} menit)",
            f"the new window is shorter than the exam ({plan.exam_minutes} minutes)",
        )
    return [
        SessionRescheduled(
            session_id=plan.session_id,
            starts_at=starts_at,
            ends_at=ends_at,
            previous_starts_at=plan.starts_at,
            previous_ends_at=plan.ends_at,
            reason=reason,
            note=_note(note),
            rescheduled_by=by,
            rescheduled_at=now,
        )
    ]


def decide_cancel(
    state: Session, reason: ChangeReason, note: str, by: UUID, now: datetime
) -> list[SessionEvent]:
    if state.plan is not None and state.cancelled:
        return []
    plan = not_started(state)
    words = f"{reason.value}: {_note(note)}" if note.strip() else reason.value
    return [
        SessionCancelled(
            session_id=plan.session_id, reason=words, cancelled_by=by, cancelled_at=now
        )
    ]


def _note(note: str) -> str:
    tidy = " ".join(note.split())
    if len(tidy) > MAX_NOTE:
        raise invalid(
            "note",
            f"catatan paling banyak {MAX_NOTE} karakter",
            f"a note of at most {MAX_NOTE} characters",
        )
    return tidy
