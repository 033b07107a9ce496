"""An LSP admin moves a session to a new window or calls it off, before its exam starts. A new
window is checked as a new session would be (the site may host it that day, the assessors may
assess that day) and against every assigned candidate's other sessions. A cancellation voids
every attempt of the session in the same transaction, so no answer is ever taken for it. Each
change is confirmed to the people assigned (a notice on the session's log)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from assessment.exams.domain.attempt import AttemptVoided
from assessment.planning.application.assign_candidates import session_not_found
from assessment.planning.application.ports import Overlaps, PlanChecks, SiteNames
from assessment.planning.application.session_plan import SessionPlan
from assessment.planning.domain.notices import notice
from assessment.planning.domain.rescheduling import decide_cancel, decide_reschedule
from assessment.planning.domain.session import Session, SessionEvent
from assessment.planning.domain.session_changes import (
    ChangeReason,
    NoticeKind,
    SessionRescheduled,
)
from assessment.shared.application.repositories import Attempts, Sessions
from eventkit.conflicts import refused_if_raced
from eventkit.repository import Loaded
from kompeten_contracts.errors import Kind, Problem, Refusal


@dataclass
class ChangeSession:
    sessions: Sessions
    attempts: Attempts
    store: Any
    uow: Any
    checks: PlanChecks
    overlaps: Overlaps
    sites: SiteNames
    clock: Callable[[], datetime]

    async def _load(self, session_id: UUID, lsp_id: UUID | None) -> Loaded[Session, Any]:
        loaded = await self.sessions.load(session_id)
        if loaded.state.plan is None or loaded.state.plan.lsp_id != lsp_id:
            raise session_not_found()
        return loaded

    async def reschedule(
        self,
        session_id: UUID,
        starts_at: datetime,
        ends_at: datetime,
        reason: ChangeReason,
        note: str,
        lsp_id: UUID | None,
        by: UUID,
    ) -> None:
        loaded = await self._load(session_id, lsp_id)
        state, now = loaded.state, self.clock()
        events: list[SessionEvent] = decide_reschedule(
            state, starts_at, ends_at, reason, note, by, now
        )
        if not events:
            return
        plan = state.plan
        assert plan is not None
        moved = SessionPlan(
            plan.scheme_code,
            plan.scheme_version,
            plan.site_id,
            plan.district_code,
            starts_at,
            ends_at,
            plan.exam_minutes,
            plan.capacity,
            list(plan.assessor_ids),
        )
        await self.checks.check_plan(moved, lsp_id)
        await self._no_overlaps(state, starts_at, ends_at)
        site = await self.sites.site_facts(plan.site_id, lsp_id)
        rescheduled = events[0]
        assert isinstance(rescheduled, SessionRescheduled)
        events += notice(
            plan, NoticeKind.RESCHEDULED, site, state.assignments, now, reason, moved=rescheduled
        )
        async with refused_if_raced():
            await self.sessions.append(session_id, loaded.version, events, actor=by)

    async def cancel(
        self, session_id: UUID, reason: ChangeReason, note: str, lsp_id: UUID | None, by: UUID
    ) -> None:
        loaded = await self._load(session_id, lsp_id)
        state, now = loaded.state, self.clock()
        events: list[SessionEvent] = decide_cancel(state, reason, note, by, now)
        if not events:
            return
        assert state.plan is not None
        site = await self.sites.site_facts(state.plan.site_id, lsp_id)
        events += notice(state.plan, NoticeKind.CANCELLED, site, state.assignments, now, reason)
        batches = [self.sessions.batch(session_id, loaded.version, events, actor=by)]
        for assignment in state.assignments:
            attempt = await self.attempts.load(assignment.attempt_id)
            void = AttemptVoided(
                attempt_id=assignment.attempt_id, reason=reason.value, voided_at=now
            )
            batches.append(
                self.attempts.batch(assignment.attempt_id, attempt.version, [void], actor=by)
            )
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.store.append_many(batches, tx=tx)

    async def _no_overlaps(self, state: Session, starts_at: datetime, ends_at: datetime) -> None:
        assert state.plan is not None
        ids = [a.candidate_id for a in state.assignments]
        if not ids:
            return
        busy = await self.overlaps.overlapping(ids, starts_at, ends_at, state.plan.session_id)
        if busy:
            raise Refusal(
                [
                    Problem(
                        f"candidates ({candidate_id})",
                        f"sudah terjadwal di sesi lain pada waktu baru ({other})",
                        f"already in another session at the new time ({other})",
                    )
                    for candidate_id, other in busy.items()
                ],
                Kind.CONFLICT,
            )
