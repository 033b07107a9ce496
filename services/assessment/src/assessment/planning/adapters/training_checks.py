"""Planning's check of training before the test, answered by the training feature: a candidate
whose scheme requires diklat modules they have not completed is not scheduled, and the reason
names the missing modules (read from the candidates' training records, never a stale view)."""

from __future__ import annotations

from uuid import UUID

from assessment.planning.domain.assigning import Blocked
from assessment.training.application.training_status import TrainingStatus


class TrainingGate:
    def __init__(self, status: TrainingStatus) -> None:
        self.status = status

    async def untrained(
        self, lsp_id: UUID | None, scheme_code: str, candidate_ids: list[UUID]
    ) -> dict[UUID, Blocked]:
        if lsp_id is None:
            return {}  # sessions from before LSPs were tenants: no LSP set a requirement
        missing = await self.status.missing(lsp_id, scheme_code, candidate_ids)
        return {
            candidate_id: Blocked(
                "modul diklat belum selesai: "
                + ", ".join(f"{m.code} ({m.title})" for m in modules),
                "training modules not completed: " + ", ".join(m.code for m in modules),
            )
            for candidate_id, modules in missing.items()
        }
