"""What every service process does around its long-running parts (relay, consumers,
projection runners): install its schema as the owner, run the parts as tasks, stop them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

import asyncpg

from eventkit.settings import Settings


class Part(Protocol):
    async def run(self) -> None: ...

    async def stop(self) -> None: ...


class Background:
    def __init__(self) -> None:
        self._parts: list[tuple[Part, asyncio.Task[None]]] = []

    def start(self, part: Part, name: str) -> None:
        self._parts.append((part, asyncio.create_task(part.run(), name=name)))

    async def stop(self) -> None:
        # Newest first (the relay before the runners it may depend on); each part is asked to
        # finish cleanly before its task is cancelled.
        for part, _ in reversed(self._parts):
            await part.stop()
        for _, task in self._parts:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._parts.clear()


async def install_as_owner(
    settings: Settings,
    database: str,
    schema: str,
    install: Callable[[Any, str], Awaitable[None]],
) -> None:
    """DDL runs as the admin role, which owns the tables; the service itself runs as the app
    role, which has only the grants the install gave it."""
    admin = await asyncpg.connect(settings.admin_dsn(database))
    try:
        await install(admin, schema)
    finally:
        await admin.close()


class Lifespan:
    """A started service for the length of a FastAPI app's life."""

    async def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    @contextlib.asynccontextmanager
    async def lifespan(self, _: object) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()
