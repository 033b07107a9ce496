"""The finaliser: every attempt whose time is up (deadline plus grace) is scored from the
answers it holds, without anyone asking; an attempt a late batch changed afterwards is scored
again (a later revision). It follows the attempts read model and re-checks each attempt on
its own stream, so a stale row costs a load, never a wrong score."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from assessment.exams.domain.scoring import decide_score
from assessment.shared.application.repositories import Attempts
from eventkit.store import ConcurrencyError
from eventkit.wakeup import Wakeup

log = logging.getLogger(__name__)
POLL_SECONDS = 0.5  # how late after the deadline's grace an attempt may be scored
CONCURRENCY = 32  # attempts scored at once: their appends share group commits


class DueAttempts(Protocol):
    async def due(self, now: datetime, limit: int = 500) -> list[UUID]: ...


@dataclass
class ScoreDueAttempts:
    attempts: Attempts
    view: DueAttempts
    clock: Callable[[], datetime]
    wakeup: Wakeup = field(default_factory=Wakeup)

    async def score(self, attempt_id: UUID) -> bool:
        loaded = await self.attempts.load(attempt_id)
        events = decide_score(loaded.state, self.clock())
        try:
            await self.attempts.append(attempt_id, loaded.version, events)
        except ConcurrencyError:
            return False  # a batch arrived meanwhile: it scored, or the next round will
        return bool(events)

    async def score_due(self) -> int:
        due = await self.view.due(self.clock())
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(attempt_id: UUID) -> bool:
            async with limit:
                return await self.score(attempt_id)

        return sum(await asyncio.gather(*(one(a) for a in due)))

    async def run(self) -> None:
        with self.wakeup.running():
            await self.wakeup.follow(self._round, POLL_SECONDS)

    async def _round(self) -> None:
        try:
            await self.score_due()
        except Exception:  # a lost connection: the next round tries again, nothing is lost
            log.exception("scoring round failed; retrying")
            await self.wakeup.pause(POLL_SECONDS * 4)

    async def stop(self) -> None:
        await self.wakeup.stop()
