"""Assigning accepted candidates to a session, one by one or a whole cohort: every check for
every candidate first, then all of them or none; each assignment draws that candidate's exam
(its own draw, options shuffled) into a new attempt, in the same transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from assessment.exams.application.ports import Drawer, ExamBank
from assessment.exams.domain.attempt import ExamDrawn
from assessment.intake.application.application_accepted import (
    AcceptedApplication,
    AcceptedApplications,
)
from assessment.planning.application.ports import (
    AssessorChecks,
    Overlaps,
    Reassessments,
    SiteNames,
    TrainingChecks,
)
from assessment.planning.domain.assigning import Blocked, Candidate, decide_assign
from assessment.planning.domain.notices import notice
from assessment.planning.domain.session import Assignment, SessionEvent, SessionScheduled
from assessment.planning.domain.session_changes import NoticeKind
from assessment.shared.application.repositories import Attempts, Sessions
from eventkit.conflicts import refused_if_raced
from kompeten_contracts.errors import Problem, Refusal, not_found

OTHER_SCHEME = Blocked("permohonan untuk skema lain", "the application is for another scheme")


def session_not_found() -> Refusal:
    return not_found("session_id", "sesi tidak ditemukan", "no such session")


@dataclass
class AssignCandidates:
    sessions: Sessions
    attempts: Attempts
    store: Any
    uow: Any
    applications: AcceptedApplications
    overlaps: Overlaps
    assessors: AssessorChecks
    bank: ExamBank
    clock: Callable[[], datetime]
    training: TrainingChecks
    reassessments: Reassessments
    sites: SiteNames | None = None  # where the confirmations name the test site

    async def __call__(
        self, session_id: UUID, application_ids: list[UUID], lsp_id: UUID | None, by: UUID
    ) -> list[Assignment]:
        loaded = await self.sessions.load(session_id)
        plan = loaded.state.plan
        if plan is None or plan.lsp_id != lsp_id:
            raise session_not_found()
        found = await self._applications(list(dict.fromkeys(application_ids)), lsp_id)
        now = self.clock()
        candidates = await self._candidates(plan, found, now)
        limit = await self.assessors.limit_for(plan.scheme_code)
        decided = decide_assign(loaded.state, candidates, limit, by, now)
        if not decided:
            return []
        events: list[SessionEvent] = [*decided]
        if self.sites is not None:  # the confirmation to each candidate and their assessor
            site = await self.sites.site_facts(plan.site_id, plan.lsp_id)
            assigned = decided[0].assignments
            events += notice(plan, NoticeKind.SCHEDULED, site, assigned, now)
        batches = [self.sessions.batch(session_id, loaded.version, events, actor=by)]
        drawer = await self.bank.drawer(plan.lsp_id, plan.scheme_code, plan.scheme_version)
        for assignment in decided[0].assignments:
            drawn = self._draw(drawer, plan, assignment, now)
            batches.append(self.attempts.batch(assignment.attempt_id, 0, [drawn], actor=by))
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.store.append_many(batches, tx=tx)
        return decided[0].assignments

    async def _applications(
        self, application_ids: list[UUID], lsp_id: UUID | None
    ) -> list[AcceptedApplication]:
        found, problems = [], []
        for i, application_id in enumerate(application_ids):
            application = await self.applications.get(application_id, lsp_id)
            if application is None:
                problems.append(
                    Problem(
                        f"candidates[{i}] ({application_id})",
                        "permohonan yang diterima tidak ditemukan",
                        "no accepted application with this id",
                    )
                )
            else:
                found.append(application)
        if problems:
            raise Refusal(problems)
        return found

    async def _candidates(
        self, plan: SessionScheduled, found: list[AcceptedApplication], now: datetime
    ) -> list[Candidate]:
        ids = [a.candidate_id for a in found]
        busy = await self.overlaps.overlapping(ids, plan.starts_at, plan.ends_at, plan.session_id)
        untrained = await self.training.untrained(plan.lsp_id, plan.scheme_code, ids)
        candidates = []
        for application in found:
            blocked: list[Blocked] = []
            if (application.scheme_code, application.scheme_version) != (
                plan.scheme_code,
                plan.scheme_version,
            ):
                blocked.append(OTHER_SCHEME)
            attempt_no, again = await self.reassessments.next_attempt(application.application_id)
            blocked += [again] if again else []
            if (other := busy.get(application.candidate_id)) is not None:
                blocked.append(
                    Blocked(
                        f"sudah terjadwal di sesi lain pada waktu yang sama ({other})",
                        f"already in another session at the same time ({other})",
                    )
                )
            if (lacking := untrained.get(application.candidate_id)) is not None:
                blocked.append(lacking)
            eligible, conflicts = await self.assessors.eligible(plan, application, now)
            blocked += [] if eligible else list(conflicts)
            candidates.append(
                Candidate(
                    candidate_id=application.candidate_id,
                    application_id=application.application_id,
                    cooperative_id=application.cooperative_id,
                    occupational_group=application.occupational_group,
                    attempt_id=uuid4(),
                    attempt_no=attempt_no,
                    blocked=tuple(blocked),
                    eligible_assessors=eligible,
                )
            )
        return candidates

    def _draw(
        self, drawer: Drawer, plan: SessionScheduled, assignment: Assignment, now: datetime
    ) -> ExamDrawn:
        seed = secrets.token_hex(16)
        exam = drawer(seed)
        return ExamDrawn(
            attempt_id=assignment.attempt_id,
            session_id=plan.session_id,
            candidate_id=assignment.candidate_id,
            lsp_id=plan.lsp_id,
            scheme_code=plan.scheme_code,
            scheme_version=plan.scheme_version,
            attempt_no=assignment.attempt_no,
            bank_version=exam.bank_version,
            seed=seed,
            questions=exam.questions,
            duration_minutes=plan.exam_minutes,
            drawn_at=now,
        )
