"""What assessment holds about an attempt that an appeal turns on: the exam drawn (whose it
is), its session's assignment, its published recommendation, and who took part in it: its
assessors and whoever recorded its judgement (the event's assessor and the account that sent
it, an admin standing in included)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.exams.domain.attempt import ExamDrawn
from assessment.judgement.domain.judgement import RecommendationPublished, UnitsJudged
from assessment.planning.domain.session import Assignment
from assessment.shared.application.repositories import Attempts, Judgements, Sessions


@dataclass(frozen=True)
class OnRecord:
    drawn: ExamDrawn
    assignment: Assignment | None
    recommendation: RecommendationPublished | None
    judges: frozenset[UUID]

    @property
    def assessors(self) -> frozenset[UUID]:
        named = set(self.recommendation.assessor_ids if self.recommendation else ())
        return frozenset(named | ({self.assignment.assessor_id} if self.assignment else set()))


@dataclass
class AttemptsOnRecord:
    attempts: Attempts
    sessions: Sessions
    judgements: Judgements

    async def of(self, attempt_id: UUID) -> OnRecord | None:
        drawn = (await self.attempts.load(attempt_id)).state.drawn
        if drawn is None:
            return None
        session = (await self.sessions.load(drawn.session_id)).state
        judgement = await self.judgements.load(attempt_id)
        judges: set[UUID] = set()
        for decoded in judgement.history:
            if isinstance(decoded.event, UnitsJudged):
                judges.add(decoded.event.assessor_id)
                if actor := decoded.recorded.metadata.get("actor"):
                    judges.add(UUID(actor))
        return OnRecord(
            drawn, session.assigned(drawn.candidate_id), judgement.state.published,
            frozenset(judges),
        )  # fmt: skip
