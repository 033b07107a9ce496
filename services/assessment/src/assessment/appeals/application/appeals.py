"""The appeals feature as the API calls it: lodge, route to a reviewer, decide, read. A
candidate reaches only the appeals they lodged; an LSP's staff only their LSP's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from assessment.appeals.application.appeal_grounds import AppealGrounds
from assessment.appeals.application.decision_reasons import DecisionReasons
from assessment.appeals.application.lodge_appeal import LodgeAppeal
from assessment.appeals.application.ports import AppealListing
from assessment.appeals.application.review_appeal import ReviewAppeal, no_such_appeal
from assessment.appeals.domain.appeal import Appeal, AppealOutcome
from assessment.shared.application.repositories import Appeals as AppealStreams


@dataclass
class Appeals:
    streams: AppealStreams
    lodger: LodgeAppeal
    review: ReviewAppeal
    listing: AppealListing
    grounds: AppealGrounds
    reasons: DecisionReasons | None = None  # the decision's reasons, sealed as the grounds are

    async def lodge(
        self, attempt_id: UUID, grounds: str, client_id: UUID, candidate_id: UUID | None
    ) -> tuple[UUID, bool]:
        return await self.lodger(attempt_id, grounds, client_id, candidate_id)

    async def assign_reviewer(
        self, appeal_id: UUID, reviewer_id: UUID, lsp_id: UUID | None, by: UUID
    ) -> Appeal:
        return await self.review.assign(appeal_id, reviewer_id, lsp_id, by)

    async def decide(
        self, appeal_id: UUID, outcome: AppealOutcome, reasons: str, lsp_id: UUID | None,
        by: UUID,
    ) -> Appeal:  # fmt: skip
        return await self.review.decide(appeal_id, outcome, reasons, lsp_id, by)

    async def of_candidate(self, appeal_id: UUID, candidate_id: UUID | None) -> Appeal:
        state = (await self.streams.load(appeal_id)).state
        if (
            state.lodged is None
            or candidate_id is None
            or state.lodged.candidate_id != candidate_id
        ):
            raise no_such_appeal()
        return state

    async def of_lsp(self, appeal_id: UUID, lsp_id: UUID | None) -> Appeal:
        state = (await self.streams.load(appeal_id)).state
        if state.lodged is None or state.lodged.lsp_id != lsp_id:
            raise no_such_appeal()
        return state

    async def listed(self, lsp_id: UUID | None, status: str | None) -> list[dict[str, Any]]:
        return await self.listing.listed(lsp_id, status)
