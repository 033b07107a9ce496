"""A member's decision on a whole session (the cohort assessed together): each recommendation
of it awaiting a decision is judged as the assessor recommended, in groups (one read, one
transaction each), two groups side by side. What is refused (the member assessed that
candidate, judged it otherwise, ...) is answered with its reason beside what was decided; the
rest of the cohort does not wait. The answer lists them in the order received."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from certificate.decisions.application.decide import Decide, Judgement
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import Problem, Refusal

MOST_PER_SESSION = 2000
# A session is decided in groups (Decide.judge_many: read in one go, appended in one
# transaction), two side by side: one is read and decided while the other holds the number's
# lock and commits (bench/README.md, arm issue).
GROUP = 50
AT_ONCE = 2


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

        async def group(items: list[tuple[UUID, Outcome]]) -> dict[UUID, Judgement | Refusal]:
            async with gate:
                return await self.decide.judge_many(items, member, lsp_id)

        judged: dict[UUID, Judgement | Refusal] = {}
        groups = [awaiting[i : i + GROUP] for i in range(0, len(awaiting), GROUP)]
        for done in await asyncio.gather(*(group(g) for g in groups)):
            judged.update(done)
        return [_item(attempt_id, judged[attempt_id]) for attempt_id, _ in awaiting]


def _item(attempt_id: UUID, judged: Judgement | Refusal) -> SessionItem:
    if isinstance(judged, Refusal):
        return SessionItem(attempt_id, refused=tuple(judged.problems))
    return SessionItem(attempt_id, judged)
