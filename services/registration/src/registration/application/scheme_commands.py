"""Draft, revise and publish versions of certification schemes: load → decide → append,
retried on fresh state when another writer got to the scheme's stream first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventkit.store import ConcurrencyError, EventStore, NewEvent
from kompeten_contracts.errors import conflict, not_found
from registration.application.domain_errors import as_field_errors
from registration.domain import scheme as s
from registration.domain.scheme_content import SchemeContent

EVENT_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (s.SchemeVersionDrafted, s.SchemeDraftRevised, s.SchemeVersionPublished)
}
C = TypeVar("C", bound=s.SchemeMessage)
ATTEMPTS = 3


@dataclass
class SchemeCommands:
    store: EventStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    async def draft(self, scheme_code: str, content: SchemeContent, actor: UUID) -> int:
        command = s.DraftScheme(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                content=content)  # fmt: skip
        return await self._handle(command, s.decide_draft, must_exist=False)

    async def draft_next(self, scheme_code: str, actor: UUID) -> int:
        command = s.DraftNextVersion(scheme_code=scheme_code, actor=actor, at=self.clock())
        return await self._handle(command, s.decide_next_version)

    async def revise(
        self, scheme_code: str, version: int, content: SchemeContent, actor: UUID
    ) -> int:
        command = s.ReviseDraft(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                version=version, content=content)  # fmt: skip
        return await self._handle(command, s.decide_revise)

    async def publish(self, scheme_code: str, version: int, actor: UUID) -> int:
        command = s.PublishVersion(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                   version=version)  # fmt: skip
        return await self._handle(command, s.decide_publish)

    async def state(self, scheme_code: str) -> tuple[s.Scheme, int]:
        recorded = await self.store.load(s.stream_id(scheme_code))
        state = s.Scheme()
        for event in recorded:
            state = s.evolve(state, EVENT_TYPES[event.event_type].model_validate(event.data))
        return state, len(recorded)

    async def _handle(
        self,
        command: C,
        decide: Callable[[s.Scheme, C], list[s.SchemeEvent]],
        must_exist: bool = True,
    ) -> int:
        for _ in range(ATTEMPTS):
            state, version = await self.state(command.scheme_code)
            if must_exist and state.code is None:
                raise not_found("scheme_code", "skema tidak ditemukan", "no scheme with this code")
            with as_field_errors():
                events = decide(state, command)
            try:
                await self.store.append(
                    s.stream_id(command.scheme_code),
                    version,
                    [NewEvent(type(e).__name__, e.model_dump(mode="json")) for e in events],
                )
            except ConcurrencyError:
                continue
            return events[-1].version
        raise conflict(
            "scheme_code",
            "skema sedang diubah orang lain; coba lagi",
            "the scheme changed concurrently; try again",
        )
