"""A member's decision on a whole session (the cohort assessed together): each recommendation
of it awaiting a decision is judged as the assessor recommended, one by one, each in its own
transaction. What is refused (the member assessed that candidate, judged it otherwise, ...) is
answered with its reason beside what was decided; the rest of the cohort does not wait."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from certificate.decisions.application.decide import Decide, Judgement
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import Problem, Refusal

MOST_PER_SESSION = 2000


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
        items = []
        for attempt_id, recommended in await self.awaiting.of_session(
            lsp_id, session_id, MOST_PER_SESSION
        ):
            try:
                judged = await self.decide.judge(attempt_id, member, lsp_id, recommended)
            except Refusal as refusal:
                items.append(SessionItem(attempt_id, refused=tuple(refusal.problems)))
                continue
            items.append(SessionItem(attempt_id, judged))
        return items
