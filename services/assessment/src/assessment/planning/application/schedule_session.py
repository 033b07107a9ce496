"""Scheduling an assessment session for an LSP: a new stream, its start code drawn at once so
that every candidate's package can be sealed to it before the day."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from assessment.planning.application.ports import PlanChecks
from assessment.planning.application.session_plan import SessionPlan
from assessment.planning.domain.session import SessionScheduled, decide_schedule
from assessment.shared.application.repositories import Sessions
from eventkit.conflicts import refused_if_raced

# Crockford's base32 without look-alikes: read out in a hall, typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8


def new_start_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class ScheduleSession:
    sessions: Sessions
    checks: PlanChecks
    clock: Callable[[], datetime]

    async def __call__(self, plan: SessionPlan, lsp_id: UUID | None, by: UUID) -> UUID:
        await self.checks.check_plan(plan, lsp_id)
        session_id = uuid4()
        command = SessionScheduled(
            session_id=session_id,
            lsp_id=lsp_id,
            start_code=new_start_code(),
            scheduled_by=by,
            scheduled_at=self.clock(),
            **plan.__dict__,
        )
        events = decide_schedule(
            (await self.sessions.load(session_id)).state, command, self.clock()
        )
        async with refused_if_raced():
            await self.sessions.append(session_id, 0, events, actor=by)
        return session_id
