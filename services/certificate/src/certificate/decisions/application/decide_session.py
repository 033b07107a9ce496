"""A member's decision on a whole session (the cohort assessed together): each recommendation
of it awaiting a decision is judged as the assessor recommended, each in its own transaction, a
few side by side. What is refused (the member assessed that candidate, judged it otherwise,
...) is answered with its reason beside what was decided; the rest of the cohort does not
wait. The answer lists them in the order received."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from certificate.decisions.application.decide import Decide, Judgement
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import Problem, Refusal

MOST_PER_SESSION = 2000
# Decisions taken side by side: each waits on PostgreSQL for most of its time (loads, the
# number's lock, the commit), so a few at once keep the database busy without holding more
# connections than the pool spares (bench/README.md, arm issue).
AT_ONCE = 6


class AwaitingDecision(Protocol):
    async def of_session(
        self, lsp_id: UUID | None, session_id: UUID, limit: int
    ) -> list[tuple[UUID, Outcome]]:
        """(attempt, recommended overall outcome) of the session's recommendations that this
        LSP has received and not decided yet, in the order received."""
        ...


@dataclass(frozen=True)
class SessionItem:
    attempt_id: UUID
    judgement: Judgement | None = None
    refused: tuple[Problem, ...] = ()


@dataclass
class DecideSession:
    decide: Decide
    awaiting: AwaitingDecision

    async def as_recommended(
        self, session_id: UUID, member: UUID, lsp_id: UUID | None
    ) -> list[SessionItem]:
        awaiting = await self.awaiting.of_session(lsp_id, session_id, MOST_PER_SESSION)
        gate = asyncio.Semaphore(AT_ONCE)

        async def one(attempt_id: UUID, recommended: Outcome) -> SessionItem:
            async with gate:
                try:
                    judged = await self.decide.judge(attempt_id, member, lsp_id, recommended)
                except Refusal as refusal:
                    return SessionItem(attempt_id, refused=tuple(refusal.problems))
                return SessionItem(attempt_id, judged)

        return list(await asyncio.gather(*(one(a, r) for a, r in awaiting)))
