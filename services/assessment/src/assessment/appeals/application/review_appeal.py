"""The LSP admin routes an appeal to a reviewer independent of the assessment; the reviewer
decides it with reasons, sealed under a key of the candidate's (decision_reasons). Independence
is checked when the reviewer is assigned and again when they decide (a training recorded in
between counts). An LSP's staff reach their LSP's appeals only; another's is answered as one
that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.appeals.application.decision_reasons import DecisionReasons
from assessment.appeals.application.on_record import AttemptsOnRecord
from assessment.appeals.application.ports import ReviewerRecords
from assessment.appeals.domain.appeal import (
    Appeal,
    AppealDecided,
    AppealEvent,
    AppealOutcome,
    ReviewerAssigned,
    decide_assign_reviewer,
    decide_decision,
    evolve,
)
from assessment.appeals.domain.independence import Involvement, reviewer_refusal
from assessment.shared.application.repositories import Appeals
from eventkit.conflicts import Race, on_fresh_state
from eventkit.repository import Loaded
from kompeten_contracts.errors import Refusal, not_found

APPEAL = Race("appeal_id", "banding sedang diubah bersamaan; coba lagi",
              "the appeal changed concurrently; retry")  # fmt: skip


# What the decision repeats of the appeal, for the public event (ids only).
ABOUT = {"appeal_id", "attempt_id", "attempt_no", "candidate_id", "application_id", "lsp_id"}


def no_such_appeal() -> Refusal:
    return not_found("appeal_id", "banding tidak ditemukan", "no such appeal")


@dataclass
class ReviewAppeal:
    appeals: Appeals
    on_record: AttemptsOnRecord
    reviewers: ReviewerRecords
    clock: Callable[[], datetime]
    texts: DecisionReasons | None = None  # seals the reasons; without it they stay in clear

    async def assign(
        self, appeal_id: UUID, reviewer_id: UUID, lsp_id: UUID | None, by: UUID
    ) -> Appeal:
        async def attempt() -> Appeal:
            loaded = await self._of_lsp(appeal_id, lsp_id)
            await self._independent(loaded.state, reviewer_id)
            command = ReviewerAssigned(appeal_id=appeal_id, reviewer_id=reviewer_id,
                                       assigned_by=by, assigned_at=self.clock())  # fmt: skip
            events = decide_assign_reviewer(loaded.state, command)
            await self.appeals.append(appeal_id, loaded.version, events, actor=by)
            return _after(loaded.state, events)

        return await on_fresh_state(attempt, APPEAL)

    async def decide(
        self, appeal_id: UUID, outcome: AppealOutcome, reasons: str, lsp_id: UUID | None,
        by: UUID,
    ) -> Appeal:  # fmt: skip
        async def attempt() -> Appeal:
            loaded = await self._of_lsp(appeal_id, lsp_id)
            lodged = loaded.state.lodged
            assert lodged is not None
            command = AppealDecided(
                **lodged.model_dump(include=ABOUT), outcome=outcome, reasons=reasons,
                decided_by=by, decided_at=self.clock(),
            )  # fmt: skip
            held = await self.texts.in_clear(loaded.state) if self.texts else loaded.state
            events = decide_decision(held, command)
            if events:
                await self._independent(loaded.state, by)
                if self.texts is not None:
                    events = [await self._sealed(e) for e in events]
            await self.appeals.append(appeal_id, loaded.version, events, actor=by)
            return _after(loaded.state, events)

        return await on_fresh_state(attempt, APPEAL)

    async def _sealed(self, event: AppealEvent) -> AppealEvent:
        assert self.texts is not None
        return await self.texts.sealed(event) if isinstance(event, AppealDecided) else event

    async def _of_lsp(self, appeal_id: UUID, lsp_id: UUID | None) -> Loaded[Appeal, AppealEvent]:
        loaded = await self.appeals.load(appeal_id)
        if loaded.state.lodged is None or loaded.state.lodged.lsp_id != lsp_id:
            raise no_such_appeal()
        return loaded

    async def _independent(self, state: Appeal, reviewer_id: UUID) -> None:
        lodged = state.lodged
        assert lodged is not None
        found = await self.on_record.of(lodged.attempt_id)
        assert found is not None  # an appeal is lodged on a recorded attempt only
        cooperative = found.assignment.cooperative_id if found.assignment else None
        conflicts = await self.reviewers.conflicts(reviewer_id, lodged.candidate_id, cooperative)
        involvement = Involvement(found.assessors, found.judges, conflicts)
        if (refusal := reviewer_refusal(reviewer_id, involvement)) is not None:
            raise refusal


def _after(state: Appeal, events: list[AppealEvent]) -> Appeal:
    for event in events:
        state = evolve(state, event)
    return state
