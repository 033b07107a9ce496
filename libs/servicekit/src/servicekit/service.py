"""The start and stop every service shares, so its composition root says only what is its own.

`start`: secrets checked (a service without them refuses to start, unless development mode was
asked for), its schema installed by the owner role, a pool of the app role, then the service's
own `wire` (adapters, handlers, consumers, relay, projection runners, which it hands to
`in_background`). `stop`: the background parts, newest first, then the pool."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventkit import secrets
from eventkit.lifecycle import Background, Lifespan, Part, install_as_owner
from eventkit.sessions import EndedSessions
from eventkit.settings import Settings
from eventkit.store import create_pool


@dataclass
class ServiceRoot(Lifespan):
    settings: Settings
    schema: str = "public"
    database: str = ""
    pool: Any = field(default=None, init=False)
    # Sessions ended before their tokens expired; every token check consults it (servicekit.auth).
    ended_sessions: EndedSessions | None = field(default=None, init=False)
    _background: Background = field(default_factory=Background, init=False, repr=False)

    # A subclass sets these two and writes install and wire.
    pool_size: int = field(default=10, init=False)

    async def install(self, conn: Any, schema: str) -> None:
        raise NotImplementedError

    async def wire(self) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        secrets.check()  # no real secrets and no development mode: refuse to start
        await install_as_owner(self.settings, self.database, self.schema, self.install)
        self.pool = await create_pool(
            self.settings.app_dsn(self.database),
            server_settings={"search_path": self.schema},
            min_size=2,
            max_size=self.pool_size,
        )
        await self.wire()

    def in_background(self, part: Part, name: str) -> None:
        self._background.start(part, name)

    async def stop(self) -> None:
        await self._background.stop()
        if self.pool is not None:
            await self.pool.close()
