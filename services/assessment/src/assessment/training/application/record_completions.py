"""Record the modules candidates completed, as a training provider reports them (a batch
through the API, or a file's rows): every completion checked first, then all of them or none.
Each candidate's record applies a completion once (client id; a module already completed is
kept as it was), and a trainer who is also the LSP's assessor is recorded as having trained
the candidate in the same transaction, so conflict of interest blocks them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from assessment.training.application.ports import (
    AssessorTrainings,
    Batch,
    KnownCandidates,
    ManyStreams,
)
from assessment.training.application.reported import CompletionsRefused, Reported
from assessment.training.application.requirements import RequirementCommands, lsp_of
from assessment.training.application.training_repositories import Records, records
from assessment.training.domain import training_record as tr
from assessment.training.domain.completion_rules import Fault, completion_faults
from eventkit.conflicts import Race, on_fresh_state

RECORD = Race(
    "completions",
    "catatan diklat berubah bersamaan; coba lagi",
    "a training record changed concurrently; try again",
)
EASTERNMOST = timedelta(hours=9)  # WIT: the date a provider in Papua writes is not "future"
UNKNOWN = Fault("candidate_id", "kandidat tidak dikenal", "no such candidate")


@dataclass
class RecordCompletions:
    store: ManyStreams
    requirements: RequirementCommands
    candidates: KnownCandidates
    assessors: AssessorTrainings
    clock: Callable[[], datetime]
    streams: Records = field(init=False)

    def __post_init__(self) -> None:
        self.streams = records(self.requirements.store)

    async def __call__(
        self,
        lsp_id: UUID | None,
        reported: Sequence[Reported],
        actor: UUID,
        dry_run: bool = False,
        columns: Mapping[str, str] | None = None,
    ) -> list[tr.Outcome]:
        owner, now = lsp_of(lsp_id), self.clock()
        faults = await self._faults(owner, reported, (now + EASTERNMOST).date())
        if faults:
            raise CompletionsRefused(faults, [r.where for r in reported], columns or {})

        async def attempt() -> list[tr.Outcome]:
            batches, outcomes = await self._decided(owner, reported, actor, now)
            if not dry_run:
                await self.store.append_many(batches)
            return outcomes

        return await on_fresh_state(attempt, RECORD)

    async def _faults(
        self, owner: UUID, reported: Sequence[Reported], today: date
    ) -> list[tuple[int, Fault]]:
        schemes = {r.completion.scheme_code for r in reported}
        required = {code: await self.requirements.of(owner, code) for code in schemes}
        known = {
            c: await self.candidates.get(c) is not None
            for c in {r.completion.candidate_id for r in reported}
        }
        faults = []
        for i, r in enumerate(reported):
            c = r.completion
            faults += [(i, UNKNOWN)] if not known[c.candidate_id] else []
            faults += [
                (i, f)
                for f in completion_faults(
                    c.scheme_code, c.module_code, c.completed_on, c.provider_ref, required, today
                )
            ]
        return faults

    async def _decided(
        self, owner: UUID, reported: Sequence[Reported], actor: UUID, now: datetime
    ) -> tuple[list[Batch], list[tr.Outcome]]:
        by_candidate: dict[UUID, list[int]] = defaultdict(list)
        for i, r in enumerate(reported):
            by_candidate[r.completion.candidate_id].append(i)
        batches: list[Batch] = []
        outcomes: dict[int, tr.Outcome] = {}
        trained: dict[UUID, list[UUID]] = defaultdict(list)
        for candidate_id, indexes in by_candidate.items():
            loaded = await self.streams.load((owner, candidate_id))
            command = tr.RecordCompletions(
                lsp_id=owner,
                candidate_id=candidate_id,
                actor=actor,
                at=now,
                completions=tuple(reported[i].completion for i in indexes),
                fields=tuple(reported[i].where for i in indexes),
            )
            events, decided = tr.decide_record(loaded.state, command)
            outcomes.update(zip(indexes, decided, strict=True))
            if events:
                batches.append(
                    self.streams.batch((owner, candidate_id), loaded.version, events, actor=actor)
                )
            for event in events:
                trained[event.trainer_id].append(candidate_id)
        for trainer_id, candidate_ids in trained.items():
            batch = await self.assessors.trained(
                trainer_id, owner, list(dict.fromkeys(candidate_ids)), actor, now
            )
            batches += [batch] if batch is not None else []
        return batches, [outcomes[i] for i in range(len(reported))]
