"""Registering a certification body (LSP) on the platform, and finding one by its code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, not_found
from registration.catalogue.domain.lsp import Lsp, RegisterLsp, decide_register
from registration.shared.application.repositories import Lsps, lsps


def lsp_not_found() -> Refusal:
    return not_found("lsp", "LSP tidak ditemukan", "no LSP with this code")


@dataclass
class LspRegistry:
    store: EventStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    lsps: Lsps = field(init=False)

    def __post_init__(self) -> None:
        self.lsps = lsps(self.store)

    async def register(
        self, code: str, name: str, licence_number: str, lsp_id: UUID | None = None
    ) -> UUID:
        """The LSP's id (a new one unless given); registering the same code again answers the
        same id."""
        loaded = await self.lsps.load(code)
        if loaded.state.lsp_id is not None:
            return loaded.state.lsp_id
        command = RegisterLsp(
            lsp_id=lsp_id or uuid4(),
            code=code,
            name=name,
            licence_number=licence_number,
            registered_at=self.clock(),
        )
        async with refused_if_raced():
            await self.lsps.append(code, 0, decide_register(Lsp(), command))
        return command.lsp_id

    async def by_code(self, code: str) -> Lsp:
        found = (await self.lsps.load(code)).state
        if found.lsp_id is None:
            raise lsp_not_found()
        return found
