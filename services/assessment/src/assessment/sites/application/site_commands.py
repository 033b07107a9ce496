"""Register test sites, set their equipment per scheme and record their verification: load →
decide → append on the site's stream, run again on fresh state when another writer got there
first. An LSP's staff reach their LSP's sites only; another's answers as one that does not
exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from assessment.shared.application.events import REGISTRY
from assessment.sites.domain import site as s
from assessment.sites.domain import site_events as e
from eventkit.conflicts import Race, on_fresh_state
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, conflict, not_found

SiteRepository = AggregateRepository[UUID, s.TestSite, e.TestSiteEvent]
SITE = Race("site_id", "TUK sedang diubah bersamaan; coba lagi", "the site changed concurrently")
# A client's retry of one registration names the same site: its id is derived from the client id.
CLIENT_IDS = uuid5(NAMESPACE_URL, "https://kompeten.id/assessment/test-sites")


def site_repository(store: EventStore) -> SiteRepository:
    events = REGISTRY.select(*e.EVENTS)
    return AggregateRepository(store, events, s.stream_id, s.TestSite(), s.evolve)


def no_such_site() -> Refusal:
    return not_found("site_id", "TUK tidak ditemukan", "no such test site")


@dataclass(frozen=True)
class SiteRegistration:
    kind: e.SiteKind
    name: str
    address: str
    district_code: str
    capacity: int
    training_centre: e.TrainingCentre | None = None
    client_id: UUID | None = None


@dataclass
class SiteCommands:
    store: EventStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    sites: SiteRepository = field(init=False)

    def __post_init__(self) -> None:
        self.sites = site_repository(self.store)

    async def register(
        self, request: SiteRegistration, actor: UUID, lsp_id: UUID | None
    ) -> tuple[UUID, bool]:
        """(the site's id, whether this was a retry of a registration already recorded)."""
        client = request.client_id
        site_id = uuid5(CLIENT_IDS, f"{lsp_id}/{client}") if client else uuid4()
        fields = {k: v for k, v in request.__dict__.items() if k != "client_id"}
        command = e.RegisterTestSite(site_id=site_id, lsp_id=lsp_id, actor=actor,
                                     at=self.clock(), **fields)  # fmt: skip

        async def attempt() -> tuple[UUID, bool]:
            loaded = await self.sites.load(site_id)
            found = loaded.state.registered
            if found is not None:
                [wanted] = s.decide_register(s.TestSite(), command)
                if _same(found, wanted):
                    return site_id, True
                raise conflict("client_id", "client_id sudah dipakai untuk TUK lain",
                               "this client_id registered another test site")  # fmt: skip
            await self.sites.append(site_id, 0, s.decide_register(loaded.state, command))
            return site_id, False

        return await on_fresh_state(attempt, SITE)

    async def set_equipment(self, site_id: UUID, scheme_code: str, items: list[str],
                            actor: UUID, lsp_id: UUID | None) -> None:  # fmt: skip
        command = e.SetEquipment(site_id=site_id, lsp_id=lsp_id, actor=actor, at=self.clock(),
                                 scheme_code=scheme_code, items=tuple(items))  # fmt: skip
        await self._handle(command, s.decide_set_equipment)

    async def verify(self, site_id: UUID, verified_on: date, valid_until: date,
                     actor: UUID, lsp_id: UUID | None) -> None:  # fmt: skip
        command = e.VerifyTestSite(site_id=site_id, lsp_id=lsp_id, actor=actor, at=self.clock(),
                                   verified_on=verified_on, valid_until=valid_until)  # fmt: skip
        await self._handle(command, s.decide_verify)

    async def set_heads(self, site_id: UUID, head_ids: list[UUID], actor: UUID,
                        lsp_id: UUID | None) -> None:  # fmt: skip
        command = e.SetHeads(site_id=site_id, lsp_id=lsp_id, actor=actor, at=self.clock(),
                             head_ids=tuple(head_ids))  # fmt: skip
        await self._handle(command, s.decide_set_heads)

    async def site(self, site_id: UUID, lsp_id: UUID | None) -> s.TestSite:
        """The site as its stream says now, if it is this LSP's (planning checks it with
        hosting.site_can_host)."""
        state = (await self.sites.load(site_id)).state
        if not state.of(lsp_id):
            raise no_such_site()
        return state

    async def _handle(self, command: Any, decide: Callable[[s.TestSite, Any], list[Any]]) -> None:
        async def attempt() -> None:
            loaded = await self.sites.load(command.site_id)
            if not loaded.state.of(command.lsp_id):
                raise no_such_site()
            await self.sites.append(command.site_id, loaded.version, decide(loaded.state, command))

        await on_fresh_state(attempt, SITE)


def _same(one: e.TestSiteEvent, other: e.TestSiteEvent) -> bool:
    ignored = {"actor", "at"}
    return one.model_dump(exclude=ignored) == other.model_dump(exclude=ignored)
