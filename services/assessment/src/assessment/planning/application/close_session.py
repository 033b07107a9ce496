"""The assessor closes the session after the exam's deadline: attempts whose phones never said
everything was sent are judged on what arrived (the phones that come back later still deliver
what they wrote in time, and are scored again)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.planning.application.assign_candidates import session_not_found
from assessment.planning.domain.session import decide_close
from assessment.shared.application.repositories import Sessions
from eventkit.conflicts import refused_if_raced


@dataclass
class CloseSession:
    sessions: Sessions
    clock: Callable[[], datetime]

    async def __call__(
        self, session_id: UUID, lsp_id: UUID | None, by: UUID, is_admin: bool
    ) -> None:
        loaded = await self.sessions.load(session_id)
        if loaded.state.plan is None or loaded.state.plan.lsp_id != lsp_id:
            raise session_not_found()
        events = decide_close(loaded.state, by, self.clock(), is_admin)
        async with refused_if_raced():
            await self.sessions.append(session_id, loaded.version, events, actor=by)
