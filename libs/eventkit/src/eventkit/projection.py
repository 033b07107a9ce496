"""Read models from the service's own log. A projection's rows and its checkpoint commit in one
transaction, so after any crash the rows are exactly the log up to the checkpoint. A rebuild
replays the log into fresh tables and swaps them in by rename inside one transaction."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Protocol

import asyncpg

from eventkit.projection_schema import (
    drop_tables,
    grant_tables,
    install_projection,
    lock_checkpoint,
    set_checkpoint,
    swap_tables,
)
from eventkit.store.model import EventStore, RecordedEvent
from eventkit.store.schema import APP_ROLE, Conn, identifier, notify_channel
from eventkit.wakeup import Wakeup

__all__ = ["Projection", "ProjectionRunner", "install_projection"]
log = logging.getLogger(__name__)


class Projection(Protocol):
    """Tables are created as `<table><table_suffix>` in the runner's schema; explicitly named
    indexes and constraints carry the suffix too, so fresh tables can sit beside live ones."""

    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> Sequence[str]: ...

    async def install(self, conn: Conn, table_suffix: str = "") -> None: ...

    async def apply(self, conn: Conn, event: RecordedEvent, table_suffix: str = "") -> None: ...


def event_types_of(projection: Projection) -> frozenset[str] | None:
    """A projection may name the only event types it applies (attribute `event_types`); its
    runner then reads just those (every follower decoding every event's JSON was a large share
    of a busy service's CPU), and moves the checkpoint past the others."""
    types = getattr(projection, "event_types", None)
    return None if types is None else frozenset(types)


@dataclass(eq=False)
class ProjectionRunner:
    pool: asyncpg.Pool[asyncpg.Record]
    schema: str
    store: EventStore
    projection: Projection
    _: KW_ONLY
    batch_size: int = 500
    poll_interval: float = 1.0
    retry_interval: float = 1.0
    app_role: str = APP_ROLE
    _wake: Wakeup = field(default_factory=Wakeup, init=False, repr=False)

    def __post_init__(self) -> None:
        self.schema = identifier(self.schema)

    async def run(self) -> None:
        """Follow the log, woken by each append; until stop()."""
        with self._wake.running():
            while not self._wake.stopped:
                try:
                    async with self.pool.acquire() as conn:
                        async with self._wake.listening(conn, notify_channel(self.schema)):
                            await self._wake.follow(self.catch_up, self.poll_interval)
                except Exception:
                    log.exception("projection %s failed; retrying", self.projection.name)
                    await self._wake.pause(self.retry_interval)

    async def stop(self) -> None:
        await self._wake.stop()

    async def catch_up(self) -> int:
        """Apply every event past the checkpoint; the number applied."""
        total = 0
        while True:
            applied = await self._apply_batch()
            total += applied
            if applied < self.batch_size:
                return total

    async def _apply_batch(self) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            checkpoint = await lock_checkpoint(conn, self.schema, self.projection.name)
            types = event_types_of(self.projection)
            if types is None:
                events = await self.store.read_all(checkpoint, self.batch_size, tx=conn)
                covered = events[-1].position if events else checkpoint
            else:
                events, covered = await self.store.read_types(
                    checkpoint, self.batch_size, types, tx=conn
                )
            for event in events:
                await self.projection.apply(conn, event)
            if covered > checkpoint:
                await set_checkpoint(conn, self.schema, self.projection.name, covered)
        return len(events)

    async def rebuild(self) -> int:
        """Replay the whole log into fresh tables and swap them in; the new checkpoint. Needs a
        pool of the tables' owner (the role that installed them): only it may rename them."""
        suffix = f"_rb{uuid.uuid4().hex[:8]}"
        async with self.pool.acquire() as conn:
            try:
                return await self._rebuild(conn, suffix)
            except BaseException:
                with contextlib.suppress(Exception):  # leave no half-built tables behind
                    await drop_tables(conn, self.schema, self.projection.tables, suffix)
                raise

    async def _rebuild(self, conn: Conn, suffix: str) -> int:
        async with conn.transaction():
            await self.projection.install(conn, suffix)
        # Replayed in batches, each its own transaction: the live tables serve readers and
        # the incremental runner all along.
        position = 0
        while applied := await self._replay(conn, suffix, position):
            position = applied
        async with conn.transaction():
            # The checkpoint lock waits out an incremental batch in flight and holds off the
            # next one; what the log gained meanwhile goes into the fresh tables here.
            await lock_checkpoint(conn, self.schema, self.projection.name)
            while applied := await self._replay(conn, suffix, position):
                position = applied
            await swap_tables(conn, self.schema, self.projection.tables, suffix)
            await grant_tables(conn, self.schema, self.projection.tables, self.app_role)
            await set_checkpoint(conn, self.schema, self.projection.name, position)
        return position

    async def _replay(self, conn: Conn, suffix: str, after: int) -> int:
        """Apply one batch after `after` to the suffixed tables; its last position, or 0."""
        events = await self.store.read_all(after, self.batch_size, tx=conn)
        async with conn.transaction():  # a savepoint when inside the swap's transaction
            for event in events:
                await self.projection.apply(conn, event, suffix)
        return events[-1].position if events else 0
