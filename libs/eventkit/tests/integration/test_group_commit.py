"""Group commit: concurrent appends of one store share transactions, and each caller still
gets exactly its own result or its own error (PostgresEventStore's class docstring)."""

from __future__ import annotations

import asyncio
from typing import Any, TypeAlias

import asyncpg
import pytest

from eventkit.store import (
    ConcurrencyError,
    DuplicateEventError,
    NewEvent,
    PostgresEventStore,
    RecordedEvent,
)
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"


async def test_two_hundred_concurrent_appends_get_their_own_outcome_in_few_transactions(
    pg_event_store: PostgresEventStore, event_store_pool: Pool
) -> None:
    store = pg_event_store
    await store.append("seeded", 0, [NewEvent("Seed", {}), NewEvent("Seed", {})])
    taken = NewEvent("Taken", {})
    await store.append("holder", 0, [taken])
    before = store.transactions

    # (stream, expected, events, what the caller must get)
    calls: list[tuple[str, int, list[NewEvent], str]] = []
    for i in range(150):  # new streams, one to three events each
        calls.append(
            (f"new-{i}", 0, [NewEvent("N", {"i": i, "k": k}) for k in range(i % 3 + 1)], "ok")
        )
    for i in range(30):  # all race for the same new stream: exactly one wins
        calls.append(("hot", 0, [NewEvent("Hot", {"i": i})], "race"))
    for i in range(10):  # a wrong expected version
        calls.append((f"stale-{i}", 5, [NewEvent("Stale", {})], "conflict"))
    calls.append(("seeded", 2, [NewEvent("More", {})], "ok"))
    calls.append(("seeded-too", 0, [NewEvent("Dup", {}, event_id=taken.event_id)], "duplicate"))
    for i in range(8):
        calls.append((f"tail-{i}", 0, [NewEvent("Tail", {"i": i})], "ok"))
    assert len(calls) == 200

    results = await asyncio.gather(
        *(store.append(stream, expected, events) for stream, expected, events, _ in calls),
        return_exceptions=True,
    )

    wins: list[list[RecordedEvent]] = []
    for (stream, expected, events, want), got in zip(calls, results, strict=True):
        if want == "ok" or (want == "race" and isinstance(got, list)):
            assert isinstance(got, list), (stream, got)
            assert [e.event_id for e in got] == [e.event_id for e in events]
            assert {e.stream_id for e in got} == {stream}
            assert [e.stream_version for e in got] == list(
                range(expected + 1, expected + 1 + len(events))
            )
            assert [e.data for e in got] == [e.data for e in events]
            wins.append(got)
        elif want == "race":
            assert isinstance(got, ConcurrencyError), got
            assert (got.stream_id, got.expected_version, got.actual_version) == ("hot", 0, 1)
        elif want == "conflict":
            assert isinstance(got, ConcurrencyError), got
            assert (got.stream_id, got.expected_version, got.actual_version) == (stream, 5, 0)
        else:
            assert isinstance(got, DuplicateEventError), got
    assert sum(1 for w in wins if w[0].stream_id == "hot") == 1

    # Positions: gap-free after the seeds, each caller's events consecutive, and the log
    # holds exactly what the callers were told.
    recorded = sorted((e for w in wins for e in w), key=lambda e: e.position)
    assert [e.position for e in recorded] == list(range(4, 4 + len(recorded)))
    for w in wins:
        assert [e.position for e in w] == list(range(w[0].position, w[0].position + len(w)))
    log = await store.read_all(3, limit=10_000)
    assert [(e.position, e.event_id, e.hash) for e in log] == [
        (e.position, e.event_id, e.hash) for e in recorded
    ]
    assert await store.load("hot") == next(w for w in wins if w[0].stream_id == "hot")
    assert await store.load("seeded-too") == []
    assert [e.stream_version for e in await store.load("seeded")] == [1, 2, 3]

    # Coalesced: far fewer transactions than appends (a lone append would be one each).
    used = store.transactions - before
    assert used < len(calls) // 2, used


async def test_one_append_alone_is_its_own_transaction_and_waits_for_nothing(
    pg_event_store: PostgresEventStore,
) -> None:
    before = pg_event_store.transactions
    for i in range(3):
        [event] = await pg_event_store.append(f"alone-{i}", 0, [NewEvent("A", {})])
        assert event.position == i + 1
    assert pg_event_store.transactions - before == 3


async def test_appends_to_one_stream_in_one_burst_are_applied_in_call_order(
    pg_event_store: PostgresEventStore,
) -> None:
    """A second append to a stream waits for the next flush, so a caller that appends right
    after another (expected = previous + 1) can succeed in the same burst."""
    results = await asyncio.gather(
        *(pg_event_store.append("chain", v, [NewEvent("C", {"v": v})]) for v in range(5))
    )
    assert [r[0].stream_version for r in results] == [1, 2, 3, 4, 5]
    assert [e.data["v"] for e in await pg_event_store.load("chain")] == [0, 1, 2, 3, 4]


async def test_a_caller_cancelled_while_queued_is_not_appended_for(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str
) -> None:
    async with event_store_pool.acquire() as holder:
        # Hold the log head, so the first flush waits in the database with `queued` behind it.
        tx = holder.transaction()
        await tx.start()
        await holder.execute(f"SELECT * FROM {event_store_schema}.log_head FOR UPDATE")
        first = asyncio.create_task(pg_event_store.append("first", 0, [NewEvent("F", {})]))

        async def flush_blocked() -> bool:
            sql = "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))"
            return bool(await event_store_pool.fetchval(sql, holder.get_server_pid()))

        await wait_until(flush_blocked, timeout=10, what="the first flush waits for the head")
        queued = asyncio.create_task(pg_event_store.append("cancelled", 0, [NewEvent("X", {})]))
        await holder.fetchval("SELECT 1")  # a round trip: `queued` has run up to its queue wait
        queued.cancel()
        await tx.rollback()
    [event] = await first
    with pytest.raises(asyncio.CancelledError):
        await queued
    assert event.position == 1
    assert await pg_event_store.load("cancelled") == []
    [after] = await pg_event_store.append("after", 0, [NewEvent("A", {})])
    assert after.position == 2


async def test_appends_in_a_callers_transaction_are_never_coalesced(
    pg_event_store: PostgresEventStore, event_store_pool: Pool
) -> None:
    before = pg_event_store.transactions
    async with event_store_pool.acquire() as conn:
        async with conn.transaction():
            await pg_event_store.append("in-tx", 0, [NewEvent("T", {})], tx=conn)
    assert pg_event_store.transactions == before
    assert len(await pg_event_store.load("in-tx")) == 1
