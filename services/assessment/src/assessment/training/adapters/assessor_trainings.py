"""The assessors' side of a completion: a trainer who is also a registered assessor of the LSP
gets "trained the candidate" on their assessor stream (the assessors feature's own decision,
decide_record_training), appended in the same transaction as the completions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from assessment.assessors.application.assessor_commands import assessor_repository
from assessment.assessors.domain import assessor as a
from assessment.assessors.domain.assessor_events import RecordTraining
from assessment.training.application.ports import Batch
from eventkit.store import EventStore


class AssessorTrainingBatches:
    def __init__(self, store: EventStore) -> None:
        self.assessors = assessor_repository(store)

    async def trained(
        self,
        trainer_id: UUID,
        lsp_id: UUID,
        candidate_ids: Sequence[UUID],
        actor: UUID,
        at: datetime,
    ) -> Batch | None:
        loaded = await self.assessors.load(trainer_id)
        state = loaded.state
        if not state.of(lsp_id):
            return None
        events = []
        for start in range(0, len(candidate_ids), a.MAX_TRAINED):
            chunk = tuple(candidate_ids[start : start + a.MAX_TRAINED])
            command = RecordTraining(
                assessor_id=trainer_id, lsp_id=lsp_id, actor=actor, at=at, candidate_ids=chunk
            )
            for event in a.decide_record_training(state, command):
                events.append(event)
                state = a.evolve(state, event)
        if not events:
            return None
        return self.assessors.batch(trainer_id, loaded.version, events, actor=actor)
