"""Decide on recommendations: one member's judgement on one (load the recommendation and the
decision -> decide -> append), or theirs on every recommendation of a session awaiting a
decision, each in its own transaction so one refusal holds back no other. A decision K issues
its certificate in the same transaction (issuance.application.issue)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from certificate.decisions.domain import decision as d
from certificate.decisions.domain.panel import PanelSizes
from certificate.issuance.application.issue import Issuance, certificate_id_of
from certificate.issuance.application.ports import Batch, MultiStreamStore
from certificate.recommendations.domain.candidate_involvement import CandidateInvolvement
from certificate.shared.application.repositories import Decisions, Involvements, Recommendations
from certificate.shared.domain.outcomes import Outcome
from eventkit.conflicts import Race, on_fresh_state
from eventkit.uow import PostgresUnitOfWork

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
            recommendation = (await self.recommendations.load(attempt_id)).state
            loaded = await self.decisions.load(attempt_id)
            received = recommendation.received
            size = self.panels.for_scheme(received.scheme_code) if received else 1
            involvement = CandidateInvolvement()
            if received is not None and self.involvements is not None:
                involvement = (await self.involvements.load(received.candidate_id)).state
            events = d.decide_judge(loaded.state, recommendation, command, size, involvement)
            decided = next((e for e in events if isinstance(e, d.CertificationDecided)), None)
            issues = decided is not None and decided.outcome is Outcome.COMPETENT
            current = await self.issuance.current(attempt_id) if issues else None
            number = None
            async with self.uow.transaction() as tx:
                batches: list[Batch] = []
                if decided is not None and issues:
                    assert received is not None
                    prepared = await self.issuance.prepared(tx, decided, received, current)
                    if prepared is not None:
                        batches.append(prepared[0])
                        number = prepared[1].number
                if events:
                    batch = self.decisions.batch(attempt_id, loaded.version, events, actor=member)
                    batches.insert(0, batch)
                if batches:
                    await self.store.append_many(batches, tx=tx)
            state = loaded.state
            for event in events:
                state = d.evolve(state, event)
            if number is None and state.decided is not None:
                number = await self.issuance.number_of(attempt_id)
            return judgement(attempt_id, state, size, number)

        return await on_fresh_state(attempt, RACE)


def judgement(attempt_id: UUID, state: d.Decision, size: int, number: str | None) -> Judgement:
    decided = state.decided
    if decided is None:
        return Judgement(attempt_id, len(state.judgements), size, None)
    competent = decided.outcome is Outcome.COMPETENT
    return Judgement(
        attempt_id, len(state.judgements), size, decided.outcome,
        certificate_id_of(attempt_id) if competent else None, number,
    )  # fmt: skip
