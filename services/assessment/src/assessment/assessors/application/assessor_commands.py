"""Register assessors and keep their records: schemes, declared relations, unavailable dates and
the candidates they trained. Load → decide → append on the assessor's stream, run again on
fresh state when another writer got there first. An LSP's staff reach their LSP's assessors
only; another's answers as one that does not exist."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from assessment.assessors.domain import assessor as a
from assessment.assessors.domain import assessor_events as e
from assessment.shared.application.events import REGISTRY
from eventkit.conflicts import Race, on_fresh_state
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, conflict, not_found

AssessorRepository = AggregateRepository[UUID, a.Assessor, e.AssessorEvent]
ASSESSOR = Race(
    "assessor_id",
    "data asesor sedang diubah bersamaan; coba lagi",
    "the assessor changed concurrently",
)


def assessor_repository(store: EventStore) -> AssessorRepository:
    events = REGISTRY.select(*e.EVENTS)
    return AggregateRepository(store, events, a.stream_id, a.Assessor(), a.evolve)


def no_such_assessor() -> Refusal:
    return not_found("assessor_id", "asesor tidak ditemukan", "no such assessor")


@dataclass(frozen=True)
class AssessorRegistration:
    account_id: UUID  # the assessor's staff account: their id from now on
    met_number: str
    licence_valid_until: date
    scheme_codes: Sequence[str]
    district_code: str
    cooperative_id: UUID | None = None


@dataclass
class AssessorCommands:
    store: EventStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    assessors: AssessorRepository = field(init=False)

    def __post_init__(self) -> None:
        self.assessors = assessor_repository(self.store)

    async def register(
        self, request: AssessorRegistration, actor: UUID, lsp_id: UUID | None
    ) -> bool:
        """Whether this was a retry of the same registration (nothing recorded again)."""
        command = e.RegisterAssessor(
            assessor_id=request.account_id, lsp_id=lsp_id, actor=actor, at=self.clock(),
            met_number=request.met_number, licence_valid_until=request.licence_valid_until,
            scheme_codes=tuple(request.scheme_codes), district_code=request.district_code,
            cooperative_id=request.cooperative_id,
        )  # fmt: skip

        async def attempt() -> bool:
            loaded = await self.assessors.load(request.account_id)
            found = loaded.state.registered
            if found is not None:
                [wanted] = a.decide_register(a.Assessor(), command)
                if found.lsp_id == lsp_id and _same(found, wanted):
                    return True
                raise conflict("account_id", "akun ini sudah terdaftar sebagai asesor",
                               "this account is already registered as an assessor")  # fmt: skip
            await self.assessors.append(
                request.account_id, 0, a.decide_register(loaded.state, command)
            )
            return False

        return await on_fresh_state(attempt, ASSESSOR)

    async def set_schemes(self, assessor_id: UUID, scheme_codes: Sequence[str], actor: UUID,
                          lsp_id: UUID | None) -> None:  # fmt: skip
        command = e.SetSchemes(**self._about(assessor_id, actor, lsp_id),
                               scheme_codes=tuple(scheme_codes))  # fmt: skip
        await self._handle(command, a.decide_set_schemes)

    async def declare_relation(self, assessor_id: UUID, relation: e.Relation, actor: UUID,
                               lsp_id: UUID | None) -> None:  # fmt: skip
        command = e.DeclareRelation(**self._about(assessor_id, actor, lsp_id), relation=relation)
        await self._handle(command, a.decide_declare_relation)

    async def declare_unavailability(self, assessor_id: UUID, dates: Sequence[date], actor: UUID,
                                     lsp_id: UUID | None) -> None:  # fmt: skip
        command = e.DeclareUnavailability(**self._about(assessor_id, actor, lsp_id),
                                          dates=tuple(dates))  # fmt: skip
        await self._handle(command, a.decide_declare_unavailability)

    async def record_training(self, assessor_id: UUID, candidate_ids: Sequence[UUID],
                              actor: UUID, lsp_id: UUID | None) -> None:  # fmt: skip
        """The assessor trained these candidates (the training feature will call this): they
        can no longer assess them (conflicts.blocking_reasons)."""
        command = e.RecordTraining(**self._about(assessor_id, actor, lsp_id),
                                   candidate_ids=tuple(candidate_ids))  # fmt: skip
        await self._handle(command, a.decide_record_training)

    async def assessor(self, assessor_id: UUID, lsp_id: UUID | None) -> a.Assessor:
        """The assessor as their stream says now, if this LSP's (planning judges an assignment
        on it with conflicts.blocking_reasons)."""
        state = (await self.assessors.load(assessor_id)).state
        if not state.of(lsp_id):
            raise no_such_assessor()
        return state

    def _about(self, assessor_id: UUID, actor: UUID, lsp_id: UUID | None) -> dict[str, Any]:
        return {"assessor_id": assessor_id, "lsp_id": lsp_id, "actor": actor, "at": self.clock()}

    async def _handle(self, command: Any, decide: Callable[[a.Assessor, Any], list[Any]]) -> None:
        async def attempt() -> None:
            loaded = await self.assessors.load(command.assessor_id)
            if not loaded.state.of(command.lsp_id):
                raise no_such_assessor()
            events = decide(loaded.state, command)
            await self.assessors.append(command.assessor_id, loaded.version, events)

        await on_fresh_state(attempt, ASSESSOR)


def _same(one: e.AssessorEvent, other: e.AssessorEvent) -> bool:
    ignored = {"actor", "at"}
    return one.model_dump(exclude=ignored) == other.model_dump(exclude=ignored)
