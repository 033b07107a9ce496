"""Policy: when an attempt is scored, completes, or its session is closed, publish its
recommendation if the assessor's judgement is in. It follows assessment's own log (a follower
with its checkpoint, like a read model) and appends in the same transaction as the checkpoint,
so each trigger is acted on once; the recommendation itself is published at most once per
attempt by the judgement stream's own rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from assessment.exams.domain.attempt import AnswersRecorded, AttemptScored
from assessment.judgement.application.facts import RecommendationFacts
from assessment.judgement.domain.judgement import decide_publish
from assessment.planning.domain.session import SessionClosed
from assessment.shared.application.events import REGISTRY
from assessment.shared.application.repositories import Judgements, Sessions
from eventkit.registry import Decoded

Trigger = AttemptScored | AnswersRecorded | SessionClosed


@dataclass
class PublishWhenOver:
    judgements: Judgements | None
    sessions: Sessions | None
    facts: RecommendationFacts | None
    clock: Callable[[], datetime]

    name = "recommendations_when_over"
    handles = REGISTRY.select(AttemptScored, AnswersRecorded, SessionClosed)
    tables: Sequence[str] = ()

    async def install(self, conn: Any, table_suffix: str = "") -> None:
        return None

    async def apply_batch(
        self, conn: Any, events: Sequence[Decoded[Trigger]], table_suffix: str = ""
    ) -> None:
        if self.judgements is None or self.sessions is None or self.facts is None:
            return  # an instance only to install the checkpoint
        attempts: list[UUID] = []
        for decoded in events:
            event = decoded.event
            if isinstance(event, SessionClosed):
                session = (await self.sessions.load(event.session_id)).state
                attempts += [a.attempt_id for a in session.assignments]
            elif isinstance(event, AttemptScored) or event.complete:
                attempts.append(event.attempt_id)
        for attempt_id in dict.fromkeys(attempts):
            await self._publish(conn, attempt_id)

    async def _publish(self, conn: Any, attempt_id: UUID) -> None:
        assert self.judgements is not None and self.facts is not None
        found = await self.facts.of(attempt_id)
        if found is None:
            return
        loaded = await self.judgements.load(attempt_id)
        published = decide_publish(loaded.state, found.facts, self.clock())
        await self.judgements.append(attempt_id, loaded.version, published, tx=conn)
