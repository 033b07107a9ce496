"""Decide on recommendations: one member's judgement on one (load the recommendation and the
decision -> decide -> append), or theirs on many (a session's cohort: read in one go, decided
each on its own so one refusal holds back no other, appended in one transaction per scheme). A
decision K issues its certificate in the same transaction (issuance.application.issue)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from certificate.decisions.domain import decision as d
from certificate.decisions.domain.panel import PanelSizes
from certificate.issuance.application.issue import Issuance, certificate_id_of
from certificate.issuance.application.ports import Batch, MultiStreamStore
from certificate.issuance.domain import certificate as c
from certificate.recommendations.domain.candidate_involvement import CandidateInvolvement
from certificate.recommendations.domain.recommendation import (
    Recommendation,
    RecommendationReceived,
)
from certificate.shared.application.repositories import Decisions, Involvements, Recommendations
from certificate.shared.domain.outcomes import Outcome
from eventkit.conflicts import Race, on_fresh_state
from eventkit.repository import Loaded
from eventkit.store import ConcurrencyError
from eventkit.uow import PostgresUnitOfWork
from kompeten_contracts.errors import Refusal

RACE = Race("attempt_id", "keputusan sedang dicatat bersamaan; coba lagi",
            "the decision changed concurrently; please try again")  # fmt: skip


@dataclass(frozen=True)
class Judgement:
    """Where a recommendation stands after a member's judgement."""

    attempt_id: UUID
    judged: int
    panel_size: int
    outcome: Outcome | None  # the decision, once taken
    certificate_id: UUID | None = None
    certificate_number: str | None = None


@dataclass
class Decide:
    recommendations: Recommendations
    decisions: Decisions
    store: MultiStreamStore
    uow: PostgresUnitOfWork
    issuance: Issuance
    panels: PanelSizes
    clock: Callable[[], datetime]
    involvements: Involvements | None = None  # the candidate's appeal reviewers, barred too

    async def judge(
        self, attempt_id: UUID, member: UUID, lsp_id: UUID | None, outcome: Outcome,
        reason: str | None = None,
    ) -> Judgement:  # fmt: skip
        command = d.Judge(attempt_id=attempt_id, lsp_id=lsp_id, member=member, outcome=outcome,
                          reason=reason, at=self.clock())  # fmt: skip

        async def attempt() -> Judgement:
            recommendation = await self.recommendations.load(attempt_id)
            loaded = await self.decisions.load(attempt_id)
            received = recommendation.state.received
            involvement = None
            if received is not None and self.involvements is not None:
                involvement = (await self.involvements.load(received.candidate_id)).state
            plan = self._planned(command, recommendation.state, loaded, involvement)
            current = await self.issuance.current(attempt_id) if plan.issues else None
            async with self.uow.transaction() as tx:
                numbers = await self._append(tx, [(plan, current)])
            return await self._judgement(plan, numbers.get(attempt_id))

        return await on_fresh_state(attempt, RACE)

    async def judge_many(
        self, attempts: Sequence[tuple[UUID, Outcome]], member: UUID, lsp_id: UUID | None
    ) -> dict[UUID, Judgement | Refusal]:
        """One member's judgement on many recommendations (a session's cohort), read in one
        go and appended in one transaction per scheme, so a cohort's certificates are
        numbered without a commit and a wait on the number's lock each. Each recommendation
        is decided on its own: a refusal holds back no other. If another decision wrote to
        one of them meanwhile, the group is judged again one by one (judge: on fresh state)."""
        at = self.clock()
        ids = [attempt_id for attempt_id, _ in attempts]
        recommendations = await self.recommendations.load_many(ids)
        decisions = await self.decisions.load_many(ids)
        candidates = {r.state.received.candidate_id for r in recommendations.values()
                      if r.state.received is not None}  # fmt: skip
        involvements = {}
        if self.involvements is not None:
            involvements = await self.involvements.load_many(sorted(candidates))
        out: dict[UUID, Judgement | Refusal] = {}
        plans: dict[str, list[Plan]] = {}
        for attempt_id, outcome in attempts:
            command = d.Judge(attempt_id=attempt_id, lsp_id=lsp_id, member=member,
                              outcome=outcome, reason=None, at=at)  # fmt: skip
            recommendation = recommendations[attempt_id].state
            received = recommendation.received
            involved = involvements.get(received.candidate_id) if received else None
            try:
                plan = self._planned(command, recommendation, decisions[attempt_id],
                                     involved.state if involved else None)  # fmt: skip
            except Refusal as refusal:
                out[attempt_id] = refusal
                continue
            plans.setdefault(received.scheme_code if received else "", []).append(plan)
        for group in plans.values():
            out.update(await self._group(group, member, lsp_id))
        return out

    async def _group(
        self, group: list[Plan], member: UUID, lsp_id: UUID | None
    ) -> dict[UUID, Judgement | Refusal]:
        """One scheme's decisions in one transaction: its numbers' locks are then taken in the
        order a single decision takes them (the scheme's number, the LSP's status index)."""
        issuing = [certificate_id_of(p.attempt_id) for p in group if p.issues]
        current = await self.issuance.certificates.load_many(issuing)
        try:
            async with self.uow.transaction() as tx:
                numbers = await self._append(tx, [
                    (p, current[certificate_id_of(p.attempt_id)] if p.issues else None)
                    for p in group
                ])  # fmt: skip
        except ConcurrencyError:
            out: dict[UUID, Judgement | Refusal] = {}
            for plan in group:
                try:
                    out[plan.attempt_id] = await self.judge(
                        plan.attempt_id, member, lsp_id, plan.command.outcome
                    )
                except Refusal as refusal:
                    out[plan.attempt_id] = refusal
            return out
        return {p.attempt_id: await self._judgement(p, numbers.get(p.attempt_id))
                for p in group}  # fmt: skip

    def _planned(
        self, command: d.Judge, recommendation: Recommendation,
        loaded: Loaded[d.Decision, d.DecisionEvent], involvement: CandidateInvolvement | None,
    ) -> Plan:  # fmt: skip
        received = recommendation.received
        size = self.panels.for_scheme(received.scheme_code) if received else 1
        events = d.decide_judge(loaded.state, recommendation, command, size,
                                involvement or CandidateInvolvement())  # fmt: skip
        return Plan(command, loaded, events, size, received)

    async def _append(
        self, tx: Any,
        plans: Sequence[tuple[Plan, Loaded[c.Certificate, c.CertificateEvent] | None]],
    ) -> dict[UUID, str]:  # fmt: skip
        """Each plan's decision and, for a K, its certificate (numbered and signed here), in
        one append; the numbers of the certificates issued."""
        issuing = [
            (plan.attempt_id, (plan.decided, plan.received, current))
            for plan, current in plans
            if plan.issues and plan.decided is not None and plan.received is not None
        ]
        prepared = await self.issuance.prepared_many(tx, [item for _, item in issuing])
        ids = [attempt_id for attempt_id, _ in issuing]
        certificates = dict(zip(ids, prepared, strict=True))
        batches: list[Batch] = []
        numbers: dict[UUID, str] = {}
        for plan, _ in plans:
            if plan.events:
                batches.append(
                    self.decisions.batch(
                        plan.attempt_id, plan.loaded.version, plan.events, actor=plan.command.member
                    )
                )
            issued = certificates.get(plan.attempt_id)
            if issued is not None:
                batches.append(issued[0])
                numbers[plan.attempt_id] = issued[1].number
        if batches:
            await self.store.append_many(batches, tx=tx)
        return numbers

    async def _judgement(self, plan: Plan, number: str | None) -> Judgement:
        state = plan.loaded.state
        for event in plan.events:
            state = d.evolve(state, event)
        if number is None and state.decided is not None:
            number = await self.issuance.number_of(plan.attempt_id)
        return judgement(plan.attempt_id, state, plan.size, number)


@dataclass(frozen=True)
class Plan:
    """One judgement decided, before its append: the events and whether a certificate goes
    with them."""

    command: d.Judge
    loaded: Loaded[d.Decision, d.DecisionEvent]
    events: list[d.DecisionEvent]
    size: int
    received: RecommendationReceived | None

    @property
    def attempt_id(self) -> UUID:
        return self.command.attempt_id

    @property
    def decided(self) -> d.CertificationDecided | None:
        return next((e for e in self.events if isinstance(e, d.CertificationDecided)), None)

    @property
    def issues(self) -> bool:
        return self.decided is not None and self.decided.outcome is Outcome.COMPETENT


def judgement(attempt_id: UUID, state: d.Decision, size: int, number: str | None) -> Judgement:
    decided = state.decided
    if decided is None:
        return Judgement(attempt_id, len(state.judgements), size, None)
    competent = decided.outcome is Outcome.COMPETENT
    return Judgement(
        attempt_id, len(state.judgements), size, decided.outcome,
        certificate_id_of(attempt_id) if competent else None, number,
    )  # fmt: skip
