"""Set an LSP's training requirement for one of its schemes, and read it: load -> decide ->
append on the requirement's stream, run again on fresh state when another admin got there
first. A scheme another LSP owns, or one assessment has not received, is not found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from assessment.intake.application.scheme_version_published import SchemeVersions
from assessment.training.application.training_repositories import Requirements, requirements
from assessment.training.domain import requirement as rq
from eventkit.conflicts import Race, on_fresh_state
from eventkit.store import EventStore
from kompeten_contracts.errors import invalid, not_found

REQUIREMENT = Race(
    "scheme_code",
    "syarat diklat diubah bersamaan; coba lagi",
    "the training requirement changed concurrently; try again",
)


def lsp_of(lsp_id: UUID | None) -> UUID:
    if lsp_id is None:
        raise invalid(
            "lsp",
            "data diklat milik sebuah LSP; akun Anda tidak terikat LSP",
            "training records belong to an LSP; your account has none",
        )
    return lsp_id


@dataclass
class RequirementCommands:
    store: EventStore
    schemes: SchemeVersions
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    streams: Requirements = field(init=False)

    def __post_init__(self) -> None:
        self.streams = requirements(self.store)

    async def set(
        self, lsp_id: UUID | None, scheme_code: str, modules: Sequence[rq.Module], actor: UUID
    ) -> rq.TrainingRequirement:
        owner = lsp_of(lsp_id)
        scheme = await self.schemes.latest(scheme_code)
        if scheme is None or scheme.lsp_id not in (None, owner):
            raise not_found(
                "scheme_code",
                "skema (versi terbit) tidak ditemukan",
                "no such published scheme (version)",
            )
        command = rq.SetRequirement(
            lsp_id=owner,
            scheme_code=scheme_code,
            actor=actor,
            modules=tuple(modules),
            at=self.clock(),
        )

        async def attempt() -> rq.TrainingRequirement:
            loaded = await self.streams.load((owner, scheme_code))
            events = rq.decide_set(loaded.state, command)
            await self.streams.append((owner, scheme_code), loaded.version, events, actor=actor)
            return rq.evolve(loaded.state, events[0]) if events else loaded.state

        return await on_fresh_state(attempt, REQUIREMENT)

    async def of(self, lsp_id: UUID, scheme_code: str) -> rq.TrainingRequirement:
        """The modules the LSP requires for the scheme (none: no training required)."""
        return (await self.streams.load((lsp_id, scheme_code))).state
