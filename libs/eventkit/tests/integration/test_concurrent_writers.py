"""Concurrent writers: optimistic concurrency holds and positions are gap-safe for tailing readers.

The gap-safety scenario runs twice: against the store, and against a deliberately naive
`bigserial` table, to prove that the scenario does catch the bug it is about.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias
from uuid import UUID

import asyncpg
import pytest

from eventkit.store import ConcurrencyError, NewEvent, PostgresEventStore, RecordedEvent
from eventkit.store.schema import notify_channel
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration

Pool: TypeAlias = "asyncpg.Pool[Any]"
Conn: TypeAlias = Any


@pytest.mark.parametrize("existing", [0, 3])
async def test_of_two_racing_writers_exactly_one_wins(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, existing: int
) -> None:
    for round_ in range(10):
        stream = f"race-{round_}"
        if existing:
            await pg_event_store.append(stream, 0, [NewEvent("Seed", {}) for _ in range(existing)])

        async def write(pool: Pool = event_store_pool, stream: str = stream) -> object:
            async with pool.acquire() as conn, conn.transaction():
                return await pg_event_store.append(
                    stream, existing, [NewEvent("Raced", {})], tx=conn
                )

        results = await asyncio.gather(write(), write(), return_exceptions=True)

        wins = [r for r in results if isinstance(r, list)]
        losses = [r for r in results if isinstance(r, ConcurrencyError)]
        assert len(wins) == 1 and len(losses) == 1, results
        assert losses[0].actual_version == existing + 1
        assert len(await pg_event_store.load(stream)) == existing + 1


class Log(Protocol):
    async def write(self, conn: Conn, name: str) -> None: ...

    async def read_after(self, position: int) -> list[tuple[int, str]]: ...


@dataclass
class StoreLog:
    store: PostgresEventStore

    async def write(self, conn: Conn, name: str) -> None:
        await self.store.append(f"writer-{name}", 0, [NewEvent("Wrote", {"name": name})], tx=conn)

    async def read_after(self, position: int) -> list[tuple[int, str]]:
        return [(e.position, e.data["name"]) for e in await self.store.read_all(position)]


@dataclass
class NaiveLog:
    """What the store must not be: a bigserial position and no serialisation of writers."""

    pool: Pool
    table: str

    async def write(self, conn: Conn, name: str) -> None:
        await conn.execute(f"INSERT INTO {self.table} (name) VALUES ($1)", name)

    async def read_after(self, position: int) -> list[tuple[int, str]]:
        sql = f"SELECT position, name FROM {self.table} WHERE position > $1 ORDER BY position"
        return [(r["position"], r["name"]) for r in await self.pool.fetch(sql, position)]


@dataclass
class Outcome:
    b_blocked_while_a_open: bool
    tailed: list[str]


async def writer_a_open_while_b_writes(log: Log, pool: Pool) -> Outcome:
    """A appends in an open transaction; B appends meanwhile; a tailing reader reads
    `position > last_seen` while A is open and again after both committed."""
    tailed: list[str] = []
    last_seen = 0

    async def tail() -> None:
        nonlocal last_seen
        for position, name in await log.read_after(last_seen):
            tailed.append(name)
            last_seen = position

    async with pool.acquire() as conn_a, pool.acquire() as conn_b:
        tx_a = conn_a.transaction()
        await tx_a.start()
        await log.write(conn_a, "A")

        async def write_b() -> None:
            async with conn_b.transaction():
                await log.write(conn_b, "B")

        task_b = asyncio.create_task(write_b())
        pid_a, pid_b = conn_a.get_server_pid(), conn_b.get_server_pid()

        async def b_done_or_waiting_for_a() -> bool:
            blockers = await pool.fetchval("SELECT pg_blocking_pids($1)", pid_b)
            return task_b.done() or pid_a in blockers

        await wait_until(b_done_or_waiting_for_a, timeout=10, what="B finished or blocked by A")
        b_blocked = not task_b.done()
        await tail()
        await tx_a.commit()
        await task_b
        await tail()
    return Outcome(b_blocked, tailed)


async def test_a_writer_waits_for_an_open_append_so_a_tailing_reader_misses_nothing(
    pg_event_store: PostgresEventStore, event_store_pool: Pool
) -> None:
    outcome = await writer_a_open_while_b_writes(StoreLog(pg_event_store), event_store_pool)

    assert outcome.b_blocked_while_a_open
    assert outcome.tailed == ["A", "B"]


async def test_the_scenario_catches_a_naive_bigserial_log(
    event_store_pool: Pool, event_store_admin: asyncpg.Connection[Any], event_store_schema: str
) -> None:
    table = f"{event_store_schema}.naive_events"
    await event_store_admin.execute(
        f"CREATE TABLE {table} (position bigserial PRIMARY KEY, name text NOT NULL);"
        f"GRANT SELECT, INSERT ON {table} TO kompeten_app;"
        f"GRANT USAGE ON SEQUENCE {table}_position_seq TO kompeten_app"
    )

    outcome = await writer_a_open_while_b_writes(
        NaiveLog(event_store_pool, table), event_store_pool
    )

    assert not outcome.b_blocked_while_a_open
    assert outcome.tailed == ["B"], "the naive reader was expected to skip A's event"
    assert await event_store_pool.fetchval(f"SELECT count(*) FROM {table}") == 2


async def tail_until(
    store: PostgresEventStore, pool: Pool, schema: str, writers_done: asyncio.Event
) -> list[RecordedEvent]:
    """Read `position > last_seen` in small pages, woken by the append notification, until the
    writers are done and a read that started after that finds nothing new."""
    seen: list[RecordedEvent] = []
    wake = asyncio.Event()
    async with pool.acquire() as listener:

        def notified(*_: object) -> None:
            wake.set()

        await listener.add_listener(notify_channel(schema), notified)
        while True:
            wake.clear()
            finished = writers_done.is_set()
            page = await store.read_all(seen[-1].position if seen else 0, limit=7)
            seen += page
            if page:
                continue
            if finished:
                await listener.remove_listener(notify_channel(schema), notified)
                return seen
            await wait_for_any(wake.wait(), writers_done.wait())


async def wait_for_any(*waits: Awaitable[Any]) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, timeout=5, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


async def test_a_tailing_reader_sees_every_event_once_in_order_under_random_commits(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str
) -> None:
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    writers, appends = 20, 25
    written: list[UUID] = []
    writers_done = asyncio.Event()

    async def writer(w: int) -> None:
        async with event_store_pool.acquire() as conn:
            for i in range(appends):
                async with conn.transaction():
                    [event] = await pg_event_store.append(
                        f"writer-{w}", i, [NewEvent("Tick", {"w": w, "i": i})], tx=conn
                    )
                    # The injected fault: a random delay before commit, transaction open.
                    await asyncio.sleep(rng.uniform(0, 0.004))
                written.append(event.event_id)

    reader = asyncio.create_task(
        tail_until(pg_event_store, event_store_pool, event_store_schema, writers_done)
    )
    await asyncio.gather(*(writer(w) for w in range(writers)))
    writers_done.set()
    seen = await reader

    positions = [e.position for e in seen]
    assert len(written) == writers * appends
    assert sorted(e.event_id for e in seen) == sorted(written), f"seed {seed}"
    assert positions == list(range(1, writers * appends + 1)), f"seed {seed}"


async def test_a_row_written_around_the_function_still_cannot_fork_a_stream(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str
) -> None:
    """The primary key is the backstop: a version taken by a writer that bypassed the version
    check surfaces as a ConcurrencyError, not as a second event at that version."""
    async with event_store_pool.acquire() as bypass:
        tx = bypass.transaction()
        await tx.start()
        await bypass.execute(
            f"INSERT INTO {event_store_schema}.events (position, stream_id, stream_version,"
            " event_id, event_type, schema_version, data, metadata, hash)"
            " VALUES (1000, 's', 1, gen_random_uuid(), 'Bypassed', 1, '{}', '{}', '\\x00')"
        )
        async with event_store_pool.acquire() as conn:
            append = asyncio.create_task(
                pg_event_store.append("s", 0, [NewEvent("Appended", {})], tx=conn)
            )
            blocking = "SELECT $1 = ANY(pg_blocking_pids($2))"
            pids = bypass.get_server_pid(), conn.get_server_pid()

            async def append_waits_for_bypass() -> bool:
                return bool(await event_store_pool.fetchval(blocking, *pids))

            await wait_until(append_waits_for_bypass, timeout=10, what="append blocked")
            await tx.commit()
            with pytest.raises(ConcurrencyError) as caught:
                await append

    assert (caught.value.stream_id, caught.value.actual_version) == ("s", 1)
    assert [e.event_type for e in await pg_event_store.load("s")] == ["Bypassed"]
