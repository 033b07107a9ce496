"""Gathering what a recommendation rests on, from assessment's own streams and read models:
the attempt (its draw, its score, whether it is complete), its session (district, LSP, the
assignment, whether it was closed) and the scheme's units as registration published them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.intake.application.scheme_version_published import SchemeVersions
from assessment.judgement.domain.judgement import Facts
from assessment.planning.domain.session import Assignment, Session
from assessment.shared.application.repositories import Attempts, Sessions
from assessment.training.application.training_repositories import Records


@dataclass(frozen=True)
class Found:
    facts: Facts
    session: Session
    assignment: Assignment


@dataclass
class RecommendationFacts:
    attempts: Attempts
    sessions: Sessions
    schemes: SchemeVersions
    training: Records | None = None

    async def of(self, attempt_id: UUID) -> Found | None:
        attempt = (await self.attempts.load(attempt_id)).state
        drawn = attempt.drawn
        if drawn is None:
            return None
        session = (await self.sessions.load(drawn.session_id)).state
        assignment = session.assigned(drawn.candidate_id)
        scheme = await self.schemes.get(drawn.scheme_code, drawn.scheme_version)
        if session.plan is None or assignment is None or scheme is None:
            return None
        score = attempt.score
        trainers: tuple[UUID, ...] = ()
        if self.training is not None and drawn.lsp_id is not None:
            record = await self.training.load((drawn.lsp_id, drawn.candidate_id))
            trainers = record.state.trainer_ids
        facts = Facts(
            attempt_id=attempt_id,
            attempt_no=drawn.attempt_no,
            candidate_id=drawn.candidate_id,
            application_id=assignment.application_id,
            lsp_id=drawn.lsp_id,
            scheme_code=drawn.scheme_code,
            scheme_version=drawn.scheme_version,
            session_id=drawn.session_id,
            district_code=session.plan.district_code,
            assessor_ids=[assignment.assessor_id],
            scheme_units=scheme.unit_codes,
            correct_by_unit=score.correct_by_unit if score else None,
            questions_by_unit=score.questions_by_unit if score else {},
            over=attempt.complete or session.closed,
            trainer_ids=trainers,
        )
        return Found(facts, session, assignment)
