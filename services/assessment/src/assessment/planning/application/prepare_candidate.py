"""A candidate's preparation for their attempt (load -> decide -> append on its own stream):
the assessor's consultation record and adjustments, and FR.AK.01 signed by both. The second
signature also tells the attempt, in the same transaction, that it may take answers (as the
start opens it): the answer path reads one stream only. A lost race runs again on fresh state.

An LSP's staff reach the attempts of their LSP's sessions; a candidate their own attempts only;
any other id is not found."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from assessment.exams.domain.attempt import Attempt, ConsentCompleted
from assessment.intake.application.application_accepted import AcceptedApplications
from assessment.planning.domain.consenting import decide_consent
from assessment.planning.domain.preparation import Adjustment, Facts, Party, Preparation
from assessment.planning.domain.preparing import decide_adjustments, decide_consultation
from assessment.planning.domain.session import Session
from assessment.shared.application.repositories import Attempts, Preparations, Sessions
from eventkit.conflicts import Race, on_fresh_state
from eventkit.repository import Loaded
from kompeten_contracts.errors import not_found

RACE = Race("attempt_id", "formulir sedang diubah; kirim ulang", "the form is changing; resend")


@dataclass(frozen=True)
class Who:
    """Who asks: an LSP's staff member (their LSP) or a candidate (their own id)."""

    by: UUID
    lsp_id: UUID | None = None
    candidate_id: UUID | None = None
    as_candidate: bool = False


@dataclass(frozen=True)
class Context:
    attempt: Loaded[Attempt, Any]
    session: Session
    facts: Facts
    preparation: Loaded[Preparation, Any]


@dataclass
class PrepareCandidate:
    attempts: Attempts
    sessions: Sessions
    preparations: Preparations
    applications: AcceptedApplications
    store: Any
    uow: Any
    clock: Callable[[], datetime]

    async def context(self, attempt_id: UUID, who: Who) -> Context:
        attempt = await self.attempts.load(attempt_id)
        drawn = attempt.state.drawn
        session = (await self.sessions.load(drawn.session_id)).state if drawn else Session()
        plan = session.plan
        mine = drawn is not None and (
            drawn.candidate_id == who.candidate_id
            if who.as_candidate
            else plan is not None and plan.lsp_id == who.lsp_id
        )
        assignment = session.assigned(drawn.candidate_id) if drawn else None
        if not mine or plan is None or drawn is None or assignment is None:
            raise not_found("attempt_id", "ujian tidak ditemukan", "no such exam attempt")
        application = await self.applications.get(assignment.application_id, plan.lsp_id)
        closes_at, now = attempt.state.closes_at(), self.clock()
        facts = Facts(
            attempt_id=attempt_id,
            candidate_id=drawn.candidate_id,
            assessor_id=assignment.assessor_id,
            session_assessors=tuple(plan.assessor_ids),
            needs=tuple(application.adjustment_needs) if application else (),
            plan_set=session.mapa is not None,
            started=session.started is not None,
            over=attempt.state.voided
            or session.cancelled
            or (closes_at is not None and now >= closes_at),
        )
        return Context(attempt, session, facts, await self.preparations.load(attempt_id))

    async def consultation(
        self, attempt_id: UUID, who: Who, held_on: date, notes: str, agreed: list[str]
    ) -> Preparation:
        return await self._decide(
            attempt_id,
            who,
            lambda c, now: decide_consultation(
                c.preparation.state, c.facts, held_on, notes, agreed, who.by, now
            ),
        )

    async def adjustments(
        self, attempt_id: UUID, who: Who, planned: list[Adjustment]
    ) -> Preparation:
        return await self._decide(
            attempt_id,
            who,
            lambda c, now: decide_adjustments(c.preparation.state, c.facts, planned, who.by, now),
        )

    async def consent(
        self, attempt_id: UUID, who: Who, party: Party, terms_version: str
    ) -> Preparation:
        return await self._decide(
            attempt_id,
            who,
            lambda c, now: decide_consent(
                c.preparation.state, c.facts, party, who.by, terms_version, now
            ),
        )

    async def _decide(
        self, attempt_id: UUID, who: Who, decide: Callable[[Context, datetime], list[Any]]
    ) -> Preparation:
        async def attempt() -> Preparation:
            context, now = await self.context(attempt_id, who), self.clock()
            events = decide(context, now)
            after = context.preparation.state
            for event in events:
                after = self.preparations.evolve(after, event)
            if not events:
                return after
            batches = [
                self.preparations.batch(
                    attempt_id, context.preparation.version, events, actor=who.by
                )
            ]
            if after.consented and not context.attempt.state.consented:
                done = ConsentCompleted(
                    attempt_id=attempt_id, completed_at=now, terms_version=events[-1].terms_version
                )
                batches.append(
                    self.attempts.batch(attempt_id, context.attempt.version, [done], actor=who.by)
                )
            async with self.uow.transaction() as tx:
                await self.store.append_many(batches, tx=tx)
            return after

        run: Callable[[], Awaitable[Preparation]] = attempt
        return await on_fresh_state(run, RACE)
