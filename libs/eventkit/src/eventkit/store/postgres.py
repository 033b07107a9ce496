"""The event store on PostgreSQL: every append is one call of the schema's SQL function."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import asyncpg
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from eventkit.store.model import ConcurrencyError, DuplicateEventError, NewEvent, RecordedEvent
from eventkit.store.schema import CONFLICT_SQLSTATE, Conn, identifier

Batch = tuple[str, int, Sequence[NewEvent]]
_COLUMNS = (
    "position, stream_id, stream_version, event_id, event_type, schema_version,"
    " data, metadata, recorded_at, hash"
)
_JSONB_ARRAY = (
    "ARRAY(SELECT e FROM jsonb_array_elements(${}::text::jsonb) WITH ORDINALITY j(e, n) ORDER BY n)"
)
_ARRAYS = f"$3::uuid[], $4::text[], $5::int[], {_JSONB_ARRAY.format(6)}, {_JSONB_ARRAY.format(7)}"


async def init_connection(conn: asyncpg.Connection[Any]) -> None:
    for typename in ("json", "jsonb"):
        await conn.set_type_codec(
            typename, schema="pg_catalog", encoder=json.dumps, decoder=json.loads
        )


async def create_pool(dsn: str, **kw: Any) -> asyncpg.Pool[asyncpg.Record]:
    return await asyncpg.create_pool(dsn, init=init_connection, **kw)


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
    values = dict(row)
    for key in ("data", "metadata"):
        if isinstance(values[key], str):
            values[key] = json.loads(values[key])
    return RecordedEvent(**values)


class PostgresEventStore:
    def __init__(self, pool: asyncpg.Pool[asyncpg.Record], schema: str = "public") -> None:
        self._pool = pool
        self._s = identifier(schema)

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        *,
        tx: Conn | None = None,
    ) -> list[RecordedEvent]:
        return await self.append_many([(stream_id, expected_version, events)], tx=tx)

    async def append_many(
        self, batches: Sequence[Batch], *, tx: Conn | None = None
    ) -> list[RecordedEvent]:
        """Append to many streams atomically in one call; positions follow the batch order."""
        flat = flatten(batches)
        if traceparent := current_traceparent():
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

    async def read_all(self, after_position: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        sql = (
            f"SELECT {_COLUMNS} FROM {self._s}.events"
            " WHERE position > $1 ORDER BY position LIMIT $2"
        )
        return [_recorded(r) for r in await self._pool.fetch(sql, after_position, limit)]

    async def last_position(self) -> int:
        return int(await self._pool.fetchval(f"SELECT position FROM {self._s}.log_head"))
