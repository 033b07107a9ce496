"""The event store on PostgreSQL: every append is one call of the schema's SQL function."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Collection, Mapping, Sequence
from contextvars import Context, copy_context
from dataclasses import dataclass, field, replace
from typing import Any

import asyncpg
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from eventkit.pool import create_pool, init_connection
from eventkit.store.model import ConcurrencyError, DuplicateEventError, NewEvent, RecordedEvent
from eventkit.store.schema import CONFLICT_SQLSTATE, Conn, identifier

__all__ = ["PostgresEventStore", "create_pool", "init_connection"]  # pools live in eventkit.pool

Batch = tuple[str, int, Sequence[NewEvent]]
_COLUMNS = (
    "position, stream_id, stream_version, event_id, event_type, schema_version,"
    " data, metadata, recorded_at, hash"
)
_JSONB_ARRAY = (
    "ARRAY(SELECT e FROM jsonb_array_elements(${}::text::jsonb) WITH ORDINALITY j(e, n) ORDER BY n)"
)
_ARRAYS = f"$3::uuid[], $4::text[], $5::int[], {_JSONB_ARRAY.format(6)}, {_JSONB_ARRAY.format(7)}"


def current_traceparent() -> str | None:
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(carrier)
    return carrier.get("traceparent")


def with_traceparent(event: NewEvent, traceparent: str | None) -> NewEvent:
    if traceparent is None or "traceparent" in event.metadata:
        return event
    return replace(event, metadata={**event.metadata, "traceparent": traceparent})


@dataclass
class Flat:
    stream_ids: list[str] = field(default_factory=list)
    expected: list[int] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)
    events: list[NewEvent] = field(default_factory=list)


def flatten(batches: Sequence[Batch]) -> Flat:
    """The batches as columns, one entry per event, in append order."""
    flat, start, after = Flat(), dict[str, int](), dict[str, int]()
    for stream_id, expected, events in batches:
        # Why: a stream named twice must continue where its previous batch ends, as if appended
        # twice in a row; its rows are then checked against the first expected version.
        if stream_id in after and expected != after[stream_id]:
            raise ConcurrencyError(stream_id, expected, after[stream_id])
        start.setdefault(stream_id, expected)
        after[stream_id] = expected + len(events)
        flat.stream_ids += [stream_id] * len(events)
        flat.expected += [start[stream_id]] * len(events)
        flat.versions += range(expected + 1, expected + 1 + len(events))
        flat.events += events
    return flat


def _recorded(row: asyncpg.Record) -> RecordedEvent:
    # By position (the relay reads every event through here): _COLUMNS is in field order.
    position, stream_id, version, event_id, event_type, schema_version, data, meta, at, h = row
    if isinstance(data, str):  # a pool without init_connection's jsonb codec
        data = json.loads(data)
    if isinstance(meta, str):
        meta = json.loads(meta)
    return RecordedEvent(position, stream_id, version, event_id, event_type, schema_version,
                         data, meta, at, h)  # fmt: skip


# A combined flush failing with one of these rolled back as a whole: nothing of it is recorded.
_ROLLED_BACK = (ConcurrencyError, DuplicateEventError, asyncpg.PostgresError, ValueError, TypeError)


def _about(error: ConcurrencyError | DuplicateEventError, batch: Batch) -> bool:
    if isinstance(error, ConcurrencyError):
        return batch[0] == error.stream_id
    return any(str(e.event_id) in str(error) for e in batch[2])  # detail: Key (event_id)=(…)


def _resolve(done: asyncio.Future[list[RecordedEvent]], result: list[RecordedEvent]) -> None:
    if not done.done():
        done.set_result(result)


def _fail(pending: Sequence[_Pending], error: BaseException) -> None:
    for p in pending:
        if not p.done.done():
            p.done.set_exception(error)


@dataclass(eq=False)
class _Pending:
    """One caller's append, waiting for a group flush."""

    batch: Batch  # its events already carry the caller's traceparent
    done: asyncio.Future[list[RecordedEvent]]
    context: Context  # the caller's, for the flush's own spans


class PostgresEventStore:
    """Appends without a caller's transaction are group-committed.

    Invariant (group commit): every append's position is taken under the `log_head` row lock,
    held until its transaction commits, so commits are serialised per log, and each costs one
    WAL flush. So the appends of one store instance (tx=None) that arrive while one of its
    flushes is in flight wait in a queue, and the next flush writes ALL of them in ONE
    transaction (append_batch, as append_many does): one lock acquisition and one commit for
    N appends, with the same guarantees as N appends in a row (gap-safe positions in queue
    order, optimistic concurrency per stream, all-or-nothing per caller). At most one flush
    per store is in flight; an append arriving when none is runs at once as a flush of its
    own, in its own task (no timer, no hand-off: a lone append waits for nothing). A flush
    holds at most one append per stream (a second one waits for the next flush), so each
    caller gets exactly its own result or its own error: if the combined transaction fails
    (it rolled back: nothing of it is recorded) with a ConcurrencyError or
    DuplicateEventError that only one of its appends can have caused (the one to that
    stream, the only one with that event id), that is its error and the others go again
    together; on any other error that rolled it back they are done again one by one, each
    in its own transaction. An error that leaves the outcome unknown (connection lost) goes
    to every caller of that flush, as it would to a lone append. A caller cancelled while
    queued is not appended for. Appends with tx (in a caller's transaction) are never
    coalesced.
    """

    def __init__(self, pool: asyncpg.Pool[asyncpg.Record], schema: str = "public") -> None:
        self._pool = pool
        self._s = identifier(schema)
        self._queue: list[_Pending] = []
        self._busy = False  # a flush is in flight (a lone append's, or a queued group's)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.transactions = 0  # transactions opened by appends without tx (group commits)

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        *,
        tx: Conn | None = None,
    ) -> list[RecordedEvent]:
        if tx is not None or not events:
            return await self.append_many([(stream_id, expected_version, events)], tx=tx)
        if traceparent := current_traceparent():
            events = [with_traceparent(e, traceparent) for e in events]
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # Used from another event loop than before (tests): what the old one left is dead.
            self._loop, self._busy, self._queue = loop, False, []
        batch: Batch = (stream_id, expected_version, events)
        if not self._busy:
            # Idle: this append is the flush, in the caller's own task (nothing to wait for).
            self._busy = True
            try:
                self.transactions += 1
                return await self.append_many([batch], stamped=True)
            finally:
                self._next_flush()
        done: asyncio.Future[list[RecordedEvent]] = loop.create_future()
        self._queue.append(_Pending(batch, done, copy_context()))
        return await done

    def _next_flush(self) -> None:
        """A flush has ended: the next one takes everything queued meanwhile, at once."""
        self._busy = bool(self._queue)
        if self._busy:
            # In the context of the first caller it serves, so its database spans belong to
            # that caller's trace.
            context = self._queue[0].context
            asyncio.get_running_loop().create_task(self._flush(), context=context)

    async def _flush(self) -> None:
        # Callers cancelled while queued are not appended for. A second append to a stream
        # already in this flush waits for the next one (its queue order per stream is kept).
        taken: list[_Pending] = []
        later: list[_Pending] = []
        streams: set[str] = set()
        for p in self._queue:
            if p.done.done():
                continue
            (later if p.batch[0] in streams else taken).append(p)
            streams.add(p.batch[0])
        self._queue[:] = later
        try:
            await self._write(taken)
        except BaseException as exc:  # e.g. this task cancelled: no caller waits for ever
            _fail([*taken, *self._queue], exc)
            self._queue.clear()
            raise
        finally:
            self._next_flush()

    async def _write(self, taken: list[_Pending]) -> None:
        """One transaction for all of `taken` (one append per stream); see the class doc."""
        while len(taken) > 1:
            self.transactions += 1
            try:
                recorded = await self.append_many([p.batch for p in taken], stamped=True)
            except (ConcurrencyError, DuplicateEventError) as exc:
                # Rolled back. If the error is about one append alone (the only one to that
                # stream, or the only one with that event id), it is exactly its own: the
                # others cannot have caused it. They go again together.
                losers = [p for p in taken if _about(exc, p.batch)]
                if len(losers) != 1:
                    break
                _fail(losers, exc)
                taken = [p for p in taken if p is not losers[0]]
                continue
            except _ROLLED_BACK:
                break  # nothing of it was recorded: one by one below, each to its own outcome
            except Exception as exc:
                _fail(taken, exc)
                return
            start = 0
            for p in taken:
                end = start + len(p.batch[2])
                _resolve(p.done, recorded[start:end])
                start = end
            return
        for p in taken:
            if p.done.done():
                continue
            self.transactions += 1
            try:
                _resolve(p.done, await self.append_many([p.batch], stamped=True))
            except Exception as exc:
                _fail([p], exc)

    async def append_many(
        self, batches: Sequence[Batch], *, tx: Conn | None = None, stamped: bool = False
    ) -> list[RecordedEvent]:
        """Append to many streams atomically in one call; positions follow the batch order.
        stamped: the events already carry their traceparent (a group flush)."""
        flat = flatten(batches)
        if not stamped and (traceparent := current_traceparent()):
            flat.events = [with_traceparent(e, traceparent) for e in flat.events]
        if not flat.events:
            return []
        if len(set(flat.stream_ids)) == 1:
            sql = f"SELECT * FROM {self._s}.append_events($1, $2, {_ARRAYS})"
            head: list[Any] = [flat.stream_ids[0], flat.expected[0]]
        else:
            sql = f"SELECT * FROM {self._s}.append_batch($1::text[], $2::int[], {_ARRAYS})"
            head = [flat.stream_ids, [v - 1 for v in flat.versions]]
        args = [
            [e.event_id for e in flat.events],
            [e.event_type for e in flat.events],
            [e.schema_version for e in flat.events],
            json.dumps([e.data for e in flat.events]),
            json.dumps([e.metadata for e in flat.events]),
        ]
        try:
            result = await (self._pool if tx is None else tx).fetch(sql, *head, *args)
        except asyncpg.PostgresError as exc:
            mapped = await self._mapped(exc, flat)
            if mapped is None:
                raise
            raise mapped from exc
        return [
            RecordedEvent(r[0], s, v, e.event_id, e.event_type, e.schema_version, e.data,
                          e.metadata, r[1], r[2])
            for r, s, v, e in zip(result, flat.stream_ids, flat.versions, flat.events, strict=True)
        ]  # fmt: skip

    async def _mapped(self, exc: asyncpg.PostgresError, flat: Flat) -> Exception | None:
        if exc.sqlstate == CONFLICT_SQLSTATE:
            found = json.loads(exc.detail or "{}")
            return ConcurrencyError(found["stream_id"], found["expected"], found["actual"])
        if not isinstance(exc, asyncpg.UniqueViolationError):
            return None
        if exc.constraint_name == "events_event_id_key":
            return DuplicateEventError(exc.detail)
        if exc.constraint_name == "events_pkey":  # Why: backstop if the version check is bypassed.
            detail, pairs = exc.detail or "", list(zip(flat.stream_ids, flat.expected, strict=True))
            stream_id, expected = next((p for p in pairs if f"=({p[0]}, " in detail), pairs[0])
            sql = f"SELECT max(stream_version) FROM {self._s}.events WHERE stream_id = $1"
            return ConcurrencyError(stream_id, expected, await self._pool.fetchval(sql, stream_id))
        return None

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        sql = (
            f"SELECT {_COLUMNS} FROM {self._s}.events"
            " WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version"
        )
        return [_recorded(r) for r in await self._pool.fetch(sql, stream_id, after_version)]

    async def load_many(self, after: Mapping[str, int]) -> list[RecordedEvent]:
        if not after:
            return []
        sql = (
            f"SELECT {_COLUMNS} FROM {self._s}.events AS e"
            " JOIN unnest($1::text[], $2::int[]) AS k(stream, version)"
            " ON e.stream_id = k.stream AND e.stream_version > k.version"
            " ORDER BY e.stream_id, e.stream_version"
        )
        streams = list(after)
        rows = await self._pool.fetch(sql, streams, [after[s] for s in streams])
        return [_recorded(r) for r in rows]

    async def read_all(
        self, after_position: int = 0, limit: int = 1000, *, tx: Any = None
    ) -> list[RecordedEvent]:
        sql = (
            f"SELECT {_COLUMNS} FROM {self._s}.events"
            " WHERE position > $1 ORDER BY position LIMIT $2"
        )
        # A reader that already holds a connection reads on it: borrowing a second one from
        # the pool per reader can exhaust the pool when every reader wakes at once.
        source = tx if tx is not None else self._pool
        return [_recorded(r) for r in await source.fetch(sql, after_position, limit)]

    async def read_types(
        self, after_position: int, limit: int, event_types: Collection[str], *, tx: Any = None
    ) -> tuple[list[RecordedEvent], int]:
        source = tx if tx is not None else self._pool
        # Why the head first: it moves in the transaction that inserts the events up to it, and
        # the next statement's snapshot is newer, so every event up to the head is visible to
        # it; none of another type can later appear below the position returned.
        head = int(await source.fetchval(f"SELECT position FROM {self._s}.log_head"))
        sql = (
            f"SELECT {_COLUMNS} FROM {self._s}.events WHERE position > $1 AND position <= $2"
            " AND event_type = ANY($3::text[]) ORDER BY position LIMIT $4"
        )
        rows = await source.fetch(sql, after_position, head, list(event_types), limit)
        events = [_recorded(r) for r in rows]
        return events, (events[-1].position if len(events) == limit else max(head, after_position))

    async def last_position(self) -> int:
        return int(await self._pool.fetchval(f"SELECT position FROM {self._s}.log_head"))
