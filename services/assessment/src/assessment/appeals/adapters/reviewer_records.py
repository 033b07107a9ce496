"""appeals' ReviewerRecords port, answered by the assessors feature: a reviewer who is a
registered assessor conflicts with the candidate as an assessor would (trained them, declared
a relation to them or their cooperative, works for the same cooperative)."""

from __future__ import annotations

from uuid import UUID

from assessment.assessors.application.assessor_commands import AssessorCommands
from assessment.assessors.domain.conflicts import conflicts_of_interest


class AssessorRecords:
    def __init__(self, assessors: AssessorCommands) -> None:
        self.assessors = assessors

    async def conflicts(
        self, reviewer_id: UUID, candidate_id: UUID, cooperative_id: UUID | None
    ) -> tuple[tuple[str, str], ...]:
        record = (await self.assessors.assessors.load(reviewer_id)).state
        if record.registered is None:
            return ()
        reasons = conflicts_of_interest(record, candidate_id, cooperative_id)
        return tuple((r.reason_id, r.reason_en) for r in reasons)
