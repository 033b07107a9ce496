"""What appeals needs from outside the feature: the reviewer's own record as an assessor (the
assessors feature: trained the candidate, declared relations, same cooperative) and the
listing of appeals (a read model)."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID


class ReviewerRecords(Protocol):
    async def conflicts(
        self, reviewer_id: UUID, candidate_id: UUID, cooperative_id: UUID | None
    ) -> tuple[tuple[str, str], ...]:
        """(reason_id, reason_en) for each conflict of interest on the reviewer's record with
        this candidate; empty when they have none or are not a registered assessor."""
        ...


class AppealListing(Protocol):
    async def listed(self, lsp_id: UUID | None, status: str | None) -> list[dict[str, Any]]:
        """The LSP's appeals, newest first; status: open, upheld or dismissed (None: all)."""
        ...
