"""Draft, revise and publish versions of certification schemes: load → decide → append,
retried on fresh state when another writer got to the scheme's stream first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from eventkit.conflicts import on_fresh_state
from eventkit.store import EventStore
from kompeten_contracts.errors import not_found
from registration.catalogue.application.invalid_models import as_field_errors
from registration.catalogue.domain import scheme as s
from registration.catalogue.domain.scheme_content import SchemeContent
from registration.shared.application.conflicts import SCHEME
from registration.shared.application.repositories import Schemes, schemes

C = TypeVar("C", bound=s.SchemeMessage)


@dataclass
class SchemeCommands:
    store: EventStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    schemes: Schemes = field(init=False)

    def __post_init__(self) -> None:
        self.schemes = schemes(self.store)

    async def draft(
        self, scheme_code: str, content: SchemeContent, actor: UUID, lsp_id: UUID | None
    ) -> int:
        command = s.DraftScheme(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                content=content, lsp_id=lsp_id)  # fmt: skip
        return await self._handle(command, s.decide_draft, must_exist=False)

    async def draft_next(self, scheme_code: str, actor: UUID, lsp_id: UUID | None) -> int:
        command = s.DraftNextVersion(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                     lsp_id=lsp_id)  # fmt: skip
        return await self._handle(command, s.decide_next_version)

    async def revise(
        self,
        scheme_code: str,
        version: int,
        content: SchemeContent,
        actor: UUID,
        lsp_id: UUID | None,
    ) -> int:
        command = s.ReviseDraft(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                version=version, content=content, lsp_id=lsp_id)  # fmt: skip
        return await self._handle(command, s.decide_revise)

    async def publish(
        self, scheme_code: str, version: int, actor: UUID, lsp_id: UUID | None
    ) -> int:
        command = s.PublishVersion(scheme_code=scheme_code, actor=actor, at=self.clock(),
                                   version=version, lsp_id=lsp_id)  # fmt: skip
        return await self._handle(command, s.decide_publish)

    async def state(self, scheme_code: str) -> tuple[s.Scheme, int]:
        loaded = await self.schemes.load(scheme_code)
        return loaded.state, loaded.version

    async def _handle(
        self,
        command: C,
        decide: Callable[[s.Scheme, C], list[s.SchemeEvent]],
        must_exist: bool = True,
    ) -> int:
        async def attempt() -> int:
            loaded = await self.schemes.load(command.scheme_code)
            # Another LSP's scheme is answered as one that does not exist.
            if must_exist and (loaded.state.code is None or loaded.state.lsp_id != command.lsp_id):
                raise not_found("scheme_code", "skema tidak ditemukan", "no scheme with this code")
            with as_field_errors():
                events = decide(loaded.state, command)
            await self.schemes.append(command.scheme_code, loaded.version, events)
            return events[-1].version

        return await on_fresh_state(attempt, SCHEME)
