"""Tail the event log without a busy loop: wake on the store's NOTIFY after each append, with a
slow poll as the safety net for a notification lost while no one was listening."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator
from typing import Any

from eventkit.pool import holds_session_state
from eventkit.store.schema import Conn


class Wakeup:
    """`types`: the event types its follower reads (None: all). The store's notification names
    the types an append wrote ("<position> <type>,<type>"); one naming none of them does not
    wake the follower, whose slow poll still moves its checkpoint past them. A notification
    naming no types (too many to list, or another writer) wakes it."""

    def __init__(self, types: Collection[str] | None = None) -> None:
        self._types = None if types is None else frozenset(types)
        self._flag = asyncio.Event()
        self._stop = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    async def stop(self) -> None:
        """Ask the loop to end, and wait until it has (at once if it is not running)."""
        self._stop.set()
        self._flag.set()
        await self._idle.wait()

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        self._idle.clear()
        try:
            yield
        finally:
            self._idle.set()

    def notify(self, *_: object) -> None:
        self._flag.set()

    def appended(self, _conn: Any, _pid: int, _channel: str, payload: object) -> None:
        """The store's notification of an append."""
        _, _, listed = str(payload).partition(" ")
        if self._types is None or not listed or not self._types.isdisjoint(listed.split(",")):
            self._flag.set()

    @contextlib.asynccontextmanager
    async def listening(self, conn: Conn, channel: str) -> AsyncIterator[None]:
        holds_session_state(conn)  # LISTEN: its release must UNLISTEN whatever happens here
        await conn.add_listener(channel, self.appended)
        # A dead connection wakes the loop, whose next query then fails at once instead of
        # after the poll interval.
        conn.add_termination_listener(self.notify)
        try:
            yield
        finally:
            conn.remove_termination_listener(self.notify)
            if not conn.is_closed():
                await conn.remove_listener(channel, self.appended)

    async def sleep(self, seconds: float) -> None:
        """Until a notification, stop() or the timeout, whichever comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._flag.wait(), seconds)

    async def follow(
        self, drain: Callable[[], Awaitable[object]], poll_interval: float, min_gap: float = 0.0
    ) -> None:
        """Drain, then sleep until woken; until stop(). min_gap: drains start at least that many
        seconds apart, so a follower of a busy log reads one batch per gap instead of a few
        events per append (each drain costs its follower several round trips whatever it
        finds); what arrives meanwhile waits at most min_gap."""
        loop = asyncio.get_running_loop()
        while not self.stopped:
            # Cleared before draining, so an append committed during the drain wakes the next
            # sleep at once: no notification is lost between drain and sleep.
            self._flag.clear()
            began = loop.time()
            await drain()
            if self.stopped:
                return
            await self.sleep(poll_interval)
            if (wait := began + min_gap - loop.time()) > 0:
                await self.pause(wait)

    async def pause(self, seconds: float) -> None:
        """Wait out a retry interval; only stop() cuts it short."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)
