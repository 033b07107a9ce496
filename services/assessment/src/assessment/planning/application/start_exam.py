"""The assessor starts the session's exam: the server fixes its start and deadline, and every
assigned candidate's attempt opens with them, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from assessment.exams.domain.attempt import ExamOpened
from assessment.exams.domain.scoring import decide_open
from assessment.planning.application.assign_candidates import session_not_found
from assessment.planning.domain.session import ExamStarted, decide_start
from assessment.shared.application.repositories import Attempts, Sessions
from eventkit.conflicts import refused_if_raced


@dataclass
class StartExam:
    sessions: Sessions
    attempts: Attempts
    store: Any
    uow: Any
    clock: Callable[[], datetime]

    async def __call__(
        self,
        session_id: UUID,
        lsp_id: UUID | None,
        by: UUID,
        is_admin: bool = False,
        started_at: datetime | None = None,
    ) -> ExamStarted:
        loaded = await self.sessions.load(session_id)
        if loaded.state.plan is None or loaded.state.plan.lsp_id != lsp_id:
            raise session_not_found()
        events = decide_start(loaded.state, by, self.clock(), is_admin, started_at)
        if not events:
            assert loaded.state.started is not None
            return loaded.state.started
        started = events[0]
        assert isinstance(started, ExamStarted)
        batches = [self.sessions.batch(session_id, loaded.version, events, actor=by)]
        for assignment in loaded.state.assignments:
            attempt = await self.attempts.load(assignment.attempt_id)
            opened = ExamOpened(
                attempt_id=assignment.attempt_id,
                started_at=started.started_at,
                deadline=started.deadline,
                grace_seconds=started.grace_seconds,
            )
            batches.append(
                self.attempts.batch(
                    assignment.attempt_id, attempt.version, decide_open(attempt.state, opened)
                )
            )
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.store.append_many(batches, tx=tx)
        return started
