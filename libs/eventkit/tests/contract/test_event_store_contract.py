"""One contract, two stores: the in-memory store must behave exactly like the PostgreSQL one."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import asyncpg
import pytest
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from eventkit.store import (
    ConcurrencyError,
    DuplicateEventError,
    InMemoryEventStore,
    NewEvent,
    PostgresEventStore,
)

Store = InMemoryEventStore | PostgresEventStore


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest) -> Store:
    if request.param == "memory":
        return InMemoryEventStore()
    pg: PostgresEventStore = request.getfixturevalue("pg_event_store")
    return pg


def ev(n: int = 0, **metadata: str) -> NewEvent:
    return NewEvent("Counted", {"n": n, "nested": {"list": [1, "two", None]}}, metadata=metadata)


async def test_versions_start_at_one_and_positions_are_global(store: Store) -> None:
    first = await store.append("s", 0, [ev(1), ev(2)])
    other = await store.append("t", 0, [ev(3)])
    more = await store.append("s", 2, [ev(4)])

    assert [(e.stream_version, e.position) for e in first] == [(1, 1), (2, 2)]
    assert [(e.stream_version, e.position) for e in other] == [(1, 3)]
    assert [(e.stream_version, e.position) for e in more] == [(3, 4)]
    assert [e.position for e in await store.read_all()] == [1, 2, 3, 4]
    assert await store.last_position() == 4


async def test_recorded_events_carry_what_was_appended(store: Store) -> None:
    new = NewEvent("Registered", {"name": "Siti", "tags": ["a", "b"]}, 2, metadata={"actor": "x"})
    [appended] = await store.append("s", 0, [new])
    [loaded] = await store.load("s")

    for got in (appended, loaded):
        assert (got.stream_id, got.event_id, got.event_type) == ("s", new.event_id, "Registered")
        assert (got.schema_version, got.data, got.metadata) == (2, new.data, {"actor": "x"})
        assert len(got.hash) == 32 and got.recorded_at.tzinfo is not None
    assert loaded == appended


async def test_a_new_stream_is_appended_with_expected_version_zero(store: Store) -> None:
    with pytest.raises(ConcurrencyError) as caught:
        await store.append("new", 1, [ev()])

    assert (caught.value.expected_version, caught.value.actual_version) == (1, 0)
    assert await store.load("new") == []


@pytest.mark.parametrize("expected", [0, 1, 3])
async def test_a_wrong_expected_version_records_nothing_of_the_batch(
    store: Store, expected: int
) -> None:
    await store.append("s", 0, [ev(1), ev(2)])

    with pytest.raises(ConcurrencyError) as caught:
        await store.append("s", expected, [ev(3), ev(4)])

    error = caught.value
    assert (error.stream_id, error.expected_version, error.actual_version) == ("s", expected, 2)
    assert [e.data["n"] for e in await store.load("s")] == [1, 2]
    assert await store.last_position() == 2


async def test_a_duplicate_event_id_is_refused(store: Store) -> None:
    [first] = await store.append("s", 0, [ev()])
    again = NewEvent("Other", {}, event_id=first.event_id)

    with pytest.raises(DuplicateEventError):
        await store.append("t", 0, [again])
    twice = ev()
    with pytest.raises(DuplicateEventError):
        await store.append("u", 0, [twice, twice])

    assert await store.load("t") == [] and await store.load("u") == []
    assert await store.last_position() == 1


async def test_read_all_pages_by_position(store: Store) -> None:
    for i in range(7):
        await store.append(f"s{i % 3}", i // 3, [ev(i)])

    pages, after = [], 0
    while page := await store.read_all(after_position=after, limit=3):
        pages.append([e.position for e in page])
        after = page[-1].position

    assert pages == [[1, 2, 3], [4, 5, 6], [7]]
    assert [e.data["n"] for e in await store.read_all(after_position=4, limit=2)] == [4, 5]


async def test_read_types_reads_only_those_types_and_says_how_far_it_read(store: Store) -> None:
    for n in range(6):
        kind = "Wanted" if n in (1, 4, 5) else "Other"
        await store.append(f"s{n}", 0, [NewEvent(kind, {"n": n})])
    page, covered = await store.read_types(0, 2, ["Wanted"])
    assert [e.data["n"] for e in page] == [1, 4] and covered == page[-1].position == 5
    page, covered = await store.read_types(covered, 2, ["Wanted"])
    assert [e.data["n"] for e in page] == [5] and covered == 6
    assert await store.read_types(6, 2, ["Wanted"]) == ([], 6)
    await store.append("s9", 0, [NewEvent("Other", {"n": 9})])
    assert await store.read_types(6, 2, ["Wanted"]) == ([], 7)  # passed over: move past it


async def test_load_after_version_returns_the_rest_of_the_stream(store: Store) -> None:
    await store.append("s", 0, [ev(i) for i in range(1, 6)])
    await store.append("other", 0, [ev(99)])

    assert [e.stream_version for e in await store.load("s", after_version=2)] == [3, 4, 5]
    assert await store.load("s", after_version=5) == []
    assert await store.load("missing") == []


async def test_load_many_reads_each_stream_after_its_own_version(store: Store) -> None:
    await store.append("a", 0, [ev(i) for i in range(1, 4)])
    await store.append("b", 0, [ev(i) for i in range(1, 3)])
    await store.append("c", 0, [ev(7)])

    loaded = await store.load_many({"b": 0, "a": 1, "missing": 0})
    assert [(e.stream_id, e.stream_version) for e in loaded] == [
        ("a", 2), ("a", 3), ("b", 1), ("b", 2),
    ]  # fmt: skip
    assert await store.load_many({"a": 3}) == [] and await store.load_many({}) == []


async def test_append_many_is_one_atomic_append_across_streams(store: Store) -> None:
    await store.append("b", 0, [ev(0)])
    recorded = await store.append_many([("a", 0, [ev(1), ev(2)]), ("b", 1, [ev(3)])])

    assert [(e.stream_id, e.stream_version, e.position) for e in recorded] == [
        ("a", 1, 2),
        ("a", 2, 3),
        ("b", 2, 4),
    ]
    with pytest.raises(ConcurrencyError) as caught:
        await store.append_many([("c", 0, [ev(4)]), ("b", 1, [ev(5)])])
    assert (caught.value.stream_id, caught.value.actual_version) == ("b", 2)
    assert await store.load("c") == [] and await store.last_position() == 4


async def test_append_many_continues_a_stream_named_twice(store: Store) -> None:
    recorded = await store.append_many([("a", 0, [ev(1)]), ("b", 0, [ev(2)]), ("a", 1, [ev(3)])])

    assert [(e.stream_id, e.stream_version) for e in recorded] == [("a", 1), ("b", 1), ("a", 2)]
    with pytest.raises(ConcurrencyError) as caught:
        await store.append_many([("c", 0, [ev(4)]), ("c", 0, [ev(5)])])
    assert (caught.value.expected_version, caught.value.actual_version) == (0, 1)
    assert await store.last_position() == 3


async def test_the_current_trace_is_recorded_unless_the_event_has_one(store: Store) -> None:
    context = SpanContext(0xABC, 0xDEF, is_remote=False, trace_flags=TraceFlags(1))
    with trace.use_span(NonRecordingSpan(context)):
        stamped, kept = await store.append("s", 0, [ev(), ev(traceparent="00-given-01")])
    [untraced] = await store.append("s", 2, [ev()])

    expected = f"00-{0xABC:032x}-{0xDEF:016x}-01"
    assert stamped.metadata["traceparent"] == expected
    assert kept.metadata["traceparent"] == "00-given-01"
    assert "traceparent" not in untraced.metadata
    assert [e.metadata.get("traceparent") for e in await store.load("s")] == [
        expected,
        "00-given-01",
        None,
    ]


@pytest.mark.integration
async def test_both_stores_chain_the_same_hashes(pg_event_store: PostgresEventStore) -> None:
    memory = InMemoryEventStore()
    events = [
        NewEvent("A", {"zeta": 1, "a": [1.5, True, None], "ü\n": {"q": 'x"y', "bb": {}}}),
        NewEvent("B", {}, 3, uuid4(), {"actor": "admin"}),
    ]

    from_pg = await pg_event_store.append("s", 0, events)
    from_memory = await memory.append("s", 0, events)

    assert [e.hash for e in from_pg] == [e.hash for e in from_memory]


@pytest.mark.integration
async def test_append_batch_refuses_expected_versions_with_a_gap(
    pg_event_store: PostgresEventStore, event_store_admin: asyncpg.Connection[Any]
) -> None:
    with pytest.raises(asyncpg.InvalidParameterValueError, match="consecutive"):
        await event_store_admin.fetch(
            "SELECT * FROM append_batch('{s,s}', '{0,2}', $1, '{A,B}', '{1,1}',"
            " ARRAY['{}'::jsonb, '{}'], ARRAY['{}'::jsonb, '{}'])",
            [uuid4(), uuid4()],
        )

    assert await pg_event_store.last_position() == 0
