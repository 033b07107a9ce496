"""Projections on the real database: rows and checkpoint commit together, a rebuild yields the
rows the incremental runner built, and the runner follows the log on NOTIFY."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeAlias

import asyncpg
import pytest

from eventkit.projection import ProjectionRunner, install_projection
from eventkit.settings import load_settings
from eventkit.store import NewEvent, PostgresEventStore, RecordedEvent, create_pool
from eventkit.store.schema import Conn
from eventkit.testing.infra import TEST_DATABASE, admin_connection
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"
NewTopic = Callable[..., Awaitable[str]]
ReadTopic = Callable[[str], Awaitable[list[Any]]]


class Roster:
    """Per stream: how many events, and the last note."""

    name = "roster"
    tables = ("roster",)

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.fail_on: set[uuid.UUID] = set()

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.schema}.roster{table_suffix}"
            " (stream_id text PRIMARY KEY, events int NOT NULL, last_note text NOT NULL)"
        )

    async def apply(self, conn: Conn, event: RecordedEvent, table_suffix: str = "") -> None:
        table = f"roster{table_suffix}"
        await conn.execute(
            f"INSERT INTO {self.schema}.{table} VALUES ($1, 1, $2) ON CONFLICT (stream_id)"
            f" DO UPDATE SET events = {table}.events + 1, last_note = $2",
            event.stream_id,
            event.data["note"],
        )
        if event.event_id in self.fail_on:
            raise RuntimeError(f"cannot project {event.event_id}")


@pytest.fixture
async def roster(event_store_schema: str) -> Roster:
    projection = Roster(event_store_schema)
    admin = await admin_connection()
    try:
        await install_projection(admin, event_store_schema, projection)
        await install_projection(admin, event_store_schema, projection)  # idempotent
    finally:
        await admin.close()
    return projection


@pytest.fixture
async def owner_pool() -> AsyncIterator[asyncpg.Pool[Any]]:
    """The tables' owner (who installed them): only it may swap tables in a rebuild."""
    pool = await create_pool(load_settings().admin_dsn(TEST_DATABASE), min_size=1, max_size=5)
    try:
        yield pool
    finally:
        await pool.close()


async def append_notes(store: PostgresEventStore, streams: int, each: int) -> list[RecordedEvent]:
    recorded: list[RecordedEvent] = []
    for s in range(streams):
        events = [NewEvent("Noted", {"note": f"s{s}-n{n}"}) for n in range(each)]
        recorded += await store.append(f"stream-{s}", 0, events)
    return recorded


async def rows(pool: Any, schema: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in await pool.fetch(f"SELECT * FROM {schema}.roster ORDER BY 1")]


async def checkpoint(pool: Any, schema: str) -> int:
    sql = f"SELECT position FROM {schema}.projection_checkpoints WHERE name = 'roster'"
    return int(await pool.fetchval(sql))


async def test_rows_and_checkpoint_commit_together(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    event_store_schema: str,
    roster: Roster,
) -> None:
    recorded = await append_notes(pg_event_store, streams=1, each=5)
    roster.fail_on.add(recorded[3].event_id)
    runner = ProjectionRunner(
        event_store_pool, event_store_schema, pg_event_store, roster, batch_size=2
    )

    with pytest.raises(RuntimeError, match="cannot project"):
        await runner.catch_up()
    # The batch holding the failure left neither rows nor checkpoint; the one before, both.
    assert await rows(event_store_pool, event_store_schema) == [("stream-0", 2, "s0-n1")]
    assert await checkpoint(event_store_pool, event_store_schema) == recorded[1].position

    roster.fail_on.clear()
    assert await runner.catch_up() == 3
    assert await rows(event_store_pool, event_store_schema) == [("stream-0", 5, "s0-n4")]
    assert await checkpoint(event_store_pool, event_store_schema) == recorded[-1].position


class NotedOnly(Roster):
    """Roster of `Noted` events alone, named as its only event types."""

    event_types = frozenset({"Noted"})


async def test_a_projection_naming_its_types_reads_those_and_moves_past_the_rest(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str
) -> None:
    projection = NotedOnly(event_store_schema)
    admin = await admin_connection()
    try:
        await install_projection(admin, event_store_schema, projection)
    finally:
        await admin.close()
    await pg_event_store.append("a", 0, [NewEvent("Noted", {"note": "one"})])
    # Another type, whose data the projection could not apply: it must never be handed over.
    await pg_event_store.append("b", 0, [NewEvent("Unrelated", {"no_note": True})])
    await pg_event_store.append("a", 1, [NewEvent("Noted", {"note": "two"})])
    last = (await pg_event_store.append("c", 0, [NewEvent("Unrelated", {})]))[-1].position
    runner = ProjectionRunner(
        event_store_pool, event_store_schema, pg_event_store, projection, batch_size=1
    )

    assert await runner.catch_up() == 2
    assert await rows(event_store_pool, event_store_schema) == [("a", 2, "two")]
    assert await checkpoint(event_store_pool, event_store_schema) == last


async def test_rebuild_gives_the_rows_of_the_incremental_runner(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    event_store_schema: str,
    roster: Roster,
    owner_pool: Pool,
) -> None:
    await append_notes(pg_event_store, streams=7, each=3)
    runner = ProjectionRunner(
        event_store_pool, event_store_schema, pg_event_store, roster, batch_size=4
    )
    await runner.catch_up()
    incremental = await rows(event_store_pool, event_store_schema)
    await owner_pool.execute(f"UPDATE {event_store_schema}.roster SET events = 0")  # damage

    rebuilder = ProjectionRunner(
        owner_pool, event_store_schema, pg_event_store, roster, batch_size=4
    )
    head = await pg_event_store.last_position()
    seen: set[tuple[int, int]] = set()
    rebuilt = asyncio.create_task(rebuilder.rebuild())
    while not rebuilt.done():  # a reader during the rebuild: the old table or the new, whole
        row = await event_store_pool.fetchrow(
            f"SELECT count(*), sum(events) FROM {event_store_schema}.roster"
        )
        seen.add((row[0], row[1]) if row else (0, 0))
    assert await rebuilt == head
    assert seen <= {(7, 0), (7, 21)}

    assert await rows(event_store_pool, event_store_schema) == incremental
    assert await checkpoint(event_store_pool, event_store_schema) == head
    leftovers = await owner_pool.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'roster%'",
        event_store_schema,
    )
    assert [r["tablename"] for r in leftovers] == ["roster"]

    # The application role keeps its grants on the swapped-in table and carries on.
    more = await pg_event_store.append("stream-0", 3, [NewEvent("Noted", {"note": "late"})])
    assert await runner.catch_up() == 1
    assert ("stream-0", 4, "late") in await rows(event_store_pool, event_store_schema)
    assert await checkpoint(event_store_pool, event_store_schema) == more[-1].position


async def test_the_runner_follows_appends_without_waiting_for_the_poll(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    event_store_schema: str,
    roster: Roster,
) -> None:
    runner = ProjectionRunner(
        event_store_pool, event_store_schema, pg_event_store, roster, poll_interval=60
    )
    task = asyncio.create_task(runner.run())
    try:
        await append_notes(pg_event_store, streams=1, each=1)

        async def projected(expected: int) -> bool:
            got = await rows(event_store_pool, event_store_schema)
            return bool(got) and got[0][1] == expected

        await wait_until(lambda: projected(1), timeout=10, what="first event projected")
        await pg_event_store.append("stream-0", 1, [NewEvent("Noted", {"note": "again"})])
        await wait_until(lambda: projected(2), timeout=10, what="woken by NOTIFY")
    finally:
        await runner.stop()
        await task


async def test_a_failed_rebuild_leaves_the_live_table_as_it_was(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    event_store_schema: str,
    roster: Roster,
    owner_pool: Pool,
) -> None:
    recorded = await append_notes(pg_event_store, streams=3, each=3)
    runner = ProjectionRunner(event_store_pool, event_store_schema, pg_event_store, roster)
    await runner.catch_up()
    before = await rows(event_store_pool, event_store_schema)
    roster.fail_on.add(recorded[5].event_id)

    rebuilder = ProjectionRunner(owner_pool, event_store_schema, pg_event_store, roster)
    with pytest.raises(RuntimeError, match="cannot project"):
        await rebuilder.rebuild()

    assert await rows(event_store_pool, event_store_schema) == before
    assert await checkpoint(event_store_pool, event_store_schema) == recorded[-1].position
    leftovers = await owner_pool.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'roster%'",
        event_store_schema,
    )
    assert [r["tablename"] for r in leftovers] == ["roster"]
