"""Read models from the service's own log. A projection's rows and its checkpoint commit in one
transaction, so after any crash the rows are exactly the log up to the checkpoint. A rebuild
replays the log into fresh tables and swaps them in by rename inside one transaction.

Two shapes of projection, one runner:
- `Projection` (a service's read models): names the models it handles (`handles`, a selection
  of the service's event registry); the runner reads only those types, decodes them and hands
  each batch over whole (`apply_batch`), so a projection writes a batch with a few set-based
  statements instead of one round trip per event.
- `RecordProjection`: applies raw recorded events one by one (`apply`), optionally naming the
  only types it reads (`event_types`); for tools and tests that need no registry.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Protocol, runtime_checkable

import asyncpg

from eventkit.projection_schema import (
    drop_tables,
    grant_tables,
    install_projection,
    lock_checkpoint,
    set_checkpoint,
    swap_tables,
)
from eventkit.registry import Decoded, EventSelection
from eventkit.store.model import EventStore, RecordedEvent
from eventkit.store.schema import APP_ROLE, Conn, identifier, notify_channel
from eventkit.wakeup import Wakeup

__all__ = ["Projection", "ProjectionRunner", "RecordProjection", "install_projection"]
log = logging.getLogger(__name__)


@runtime_checkable
class Projection(Protocol):
    """Tables are created as `<table><table_suffix>` in the runner's schema; explicitly named
    indexes and constraints carry the suffix too, so fresh tables can sit beside live ones.
    `apply_batch` gets a batch's events of the handled models, decoded, in log order; applying
    it must leave the rows as applying its events one by one would (fold per row, then write).
    """

    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> Sequence[str]: ...

    @property
    def handles(self) -> EventSelection[Any]: ...

    async def install(self, conn: Conn, table_suffix: str = "") -> None: ...

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None: ...


class RecordProjection(Protocol):
    """As Projection, on raw recorded events, one at a time (and `event_types`, optionally)."""

    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> Sequence[str]: ...

    async def install(self, conn: Conn, table_suffix: str = "") -> None: ...

    async def apply(self, conn: Conn, event: RecordedEvent, table_suffix: str = "") -> None: ...


AnyProjection = Projection | RecordProjection
Apply = Callable[[Conn, Sequence[RecordedEvent], str], Awaitable[None]]


def event_types_of(projection: AnyProjection) -> frozenset[str] | None:
    """The only event types a projection reads (None: all). Its runner then reads just those
    (every follower decoding every event's JSON was a large share of a busy service's CPU),
    and moves the checkpoint past the others."""
    if isinstance(projection, Projection):
        return projection.handles.types
    types = getattr(projection, "event_types", None)
    return None if types is None else frozenset(types)


def applier(projection: AnyProjection) -> Apply:
    """How the runner hands a batch of recorded events (of the projection's types) over."""
    if isinstance(projection, Projection):
        typed, handles = projection, projection.handles

        async def apply_typed(conn: Conn, events: Sequence[RecordedEvent], suffix: str) -> None:
            if events:
                await typed.apply_batch(conn, handles.decode_all(events), suffix)

        return apply_typed
    raw = projection

    async def apply_each(conn: Conn, events: Sequence[RecordedEvent], suffix: str) -> None:
        for event in events:
            await raw.apply(conn, event, suffix)

    return apply_each


@dataclass(eq=False)
class ProjectionRunner:
    pool: asyncpg.Pool[asyncpg.Record]
    schema: str
    store: EventStore
    projection: AnyProjection
    _: KW_ONLY
    batch_size: int = 500
    # Why 1,000 for a rebuild: each batch costs a read, a savepoint and the projection's few
    # statements whatever its size, but the decoded events of a batch live until it is
    # written, and the cyclic garbage collector traverses them at every collection: on a
    # registration log, 5,000 replayed ~30% slower than 1,000 (500 as fast as 1,000).
    replay_batch_size: int = 1000
    poll_interval: float = 1.0
    retry_interval: float = 1.0
    app_role: str = APP_ROLE
    # Drains at least this far apart (Wakeup.follow): on a busy log, every append's NOTIFY
    # woke every read model for a transaction of a few statements, most finding nothing.
    min_gap: float = 0.02
    _wake: Wakeup = field(default_factory=Wakeup, init=False, repr=False)
    _types: frozenset[str] | None = field(default=None, init=False, repr=False)
    _apply: Apply = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.schema = identifier(self.schema)
        self._types = event_types_of(self.projection)
        self._wake = Wakeup(self._types)  # asleep through appends of other types
        self._apply = applier(self.projection)

    async def run(self) -> None:
        """Follow the log, woken by each append; until stop()."""
        with self._wake.running():
            while not self._wake.stopped:
                try:
                    async with self.pool.acquire() as conn:
                        async with self._wake.listening(conn, notify_channel(self.schema)):
                            await self._wake.follow(self.catch_up, self.poll_interval, self.min_gap)
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
            events, covered = await self._read(conn, checkpoint, self.batch_size)
            await self._apply(conn, events, "")
            if covered > checkpoint:
                await set_checkpoint(conn, self.schema, self.projection.name, covered)
        return len(events)

    async def _read(self, conn: Conn, after: int, limit: int) -> tuple[list[RecordedEvent], int]:
        """Up to `limit` events of the projection's types after `after`, and the position the
        read covered (every event up to it was read or is of another type)."""
        if self._types is None:
            events = await self.store.read_all(after, limit, tx=conn)
            return events, (events[-1].position if events else after)
        return await self.store.read_types(after, limit, self._types, tx=conn)

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
        position = await self._replay(conn, suffix, 0)
        async with conn.transaction():
            # The checkpoint lock waits out an incremental batch in flight and holds off the
            # next one; what the log gained meanwhile goes into the fresh tables here.
            await lock_checkpoint(conn, self.schema, self.projection.name)
            position = await self._replay(conn, suffix, position)
            await swap_tables(conn, self.schema, self.projection.tables, suffix)
            await grant_tables(conn, self.schema, self.projection.tables, self.app_role)
            await set_checkpoint(conn, self.schema, self.projection.name, position)
        return position

    async def _replay(self, conn: Conn, suffix: str, after: int) -> int:
        """Apply every event after `after` to the suffixed tables, batch by batch; the
        position covered."""
        while True:
            events, covered = await self._read(conn, after, self.replay_batch_size)
            async with conn.transaction():  # a savepoint when inside the swap's transaction
                await self._apply(conn, events, suffix)
            if not events:
                return max(covered, after)
            after = covered
