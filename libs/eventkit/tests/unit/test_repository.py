"""The aggregate repository on the in-memory store: load folds a stream into a state with its
version and history; append records typed events with their metadata, optimistically."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID, uuid4

import pytest
from pydantic import BaseModel, ConfigDict

from eventkit.registry import EventRegistry, UnknownEvent
from eventkit.repository import AggregateRepository
from eventkit.store import ConcurrencyError, InMemoryEventStore, NewEvent


class Opened(BaseModel):
    model_config = ConfigDict(frozen=True)

    counter_id: UUID


class Counted(BaseModel):
    model_config = ConfigDict(frozen=True)

    by: int


class Foreign(BaseModel):
    note: str


CounterEvent = Opened | Counted
COUNTER_EVENTS: tuple[type[CounterEvent], ...] = (Opened, Counted)  # as a domain declares them
EVENTS = EventRegistry(*COUNTER_EVENTS, Foreign)


@dataclass(frozen=True)
class Counter:
    counter_id: UUID | None = None
    total: int = 0


def evolve(state: Counter, event: CounterEvent) -> Counter:
    if isinstance(event, Opened):
        return Counter(event.counter_id)
    return replace(state, total=state.total + event.by)


def stream_id(counter_id: UUID) -> str:
    return f"counter-{counter_id}"


@pytest.fixture
def store() -> InMemoryEventStore:
    return InMemoryEventStore()


@pytest.fixture
def counters(store: InMemoryEventStore) -> AggregateRepository[UUID, Counter, CounterEvent]:
    return AggregateRepository(store, EVENTS.select(*COUNTER_EVENTS), stream_id, Counter(), evolve)


async def test_a_stream_that_does_not_exist_loads_as_the_initial_state_at_version_zero(
    counters: AggregateRepository[UUID, Counter, CounterEvent],
) -> None:
    loaded = await counters.load(uuid4())
    assert (loaded.state, loaded.version, loaded.history) == (Counter(), 0, [])


async def test_appended_events_load_back_as_state_version_and_history(
    counters: AggregateRepository[UUID, Counter, CounterEvent], store: InMemoryEventStore
) -> None:
    key, actor, fixed = uuid4(), uuid4(), uuid4()
    await counters.append(key, 0, [Opened(counter_id=key), Counted(by=2)], actor=actor)
    await counters.append(key, 2, [Counted(by=3)], metadata={"why": "x"}, event_ids=[fixed])

    loaded = await counters.load(key)
    assert (loaded.state, loaded.version) == (Counter(key, 5), 3)
    assert loaded.events == [Opened(counter_id=key), Counted(by=2), Counted(by=3)]
    assert [d.metadata for d in loaded.history] == [{"actor": str(actor)}] * 2 + [{"why": "x"}]
    assert loaded.history[-1].event_id == fixed
    assert [e.event_type for e in await store.read_all()] == ["Opened", "Counted", "Counted"]


async def test_load_many_is_load_of_each_key_in_one_read(
    counters: AggregateRepository[UUID, Counter, CounterEvent],
) -> None:
    first, second, absent = uuid4(), uuid4(), uuid4()
    await counters.append(first, 0, [Opened(counter_id=first), Counted(by=2)])
    await counters.append(second, 0, [Opened(counter_id=second)])

    many = await counters.load_many([first, second, absent])
    for key in (first, second, absent):
        one = await counters.load(key)
        assert (many[key].state, many[key].version, many[key].events) == (
            one.state, one.version, one.events,
        )  # fmt: skip
    assert many[first].state == Counter(first, 2) and many[absent].version == 0


async def test_an_append_on_stale_state_records_nothing(
    counters: AggregateRepository[UUID, Counter, CounterEvent], store: InMemoryEventStore
) -> None:
    key = uuid4()
    await counters.append(key, 0, [Opened(counter_id=key)])
    stale = await counters.load(key)
    await counters.append(key, stale.version, [Counted(by=1)])

    with pytest.raises(ConcurrencyError):
        await counters.append(key, stale.version, [Counted(by=7)])
    assert (await counters.load(key)).state.total == 1
    assert await counters.append(key, 2, []) == [] and await store.last_position() == 2


async def test_a_stream_holding_another_aggregates_event_is_refused(
    counters: AggregateRepository[UUID, Counter, CounterEvent], store: InMemoryEventStore
) -> None:
    key = uuid4()
    await store.append(stream_id(key), 0, [EVENTS.to_new(Foreign(note="x"))])
    with pytest.raises(UnknownEvent):
        await counters.load(key)
    with pytest.raises(UnknownEvent):
        await counters.append(key, 1, [Foreign(note="y")])  # type: ignore[list-item]


async def test_a_batch_is_the_same_append_for_append_many(
    counters: AggregateRepository[UUID, Counter, CounterEvent], store: InMemoryEventStore
) -> None:
    one, two = uuid4(), uuid4()
    await store.append_many(
        [counters.batch(one, 0, [Opened(counter_id=one)]),
         counters.batch(two, 0, [Opened(counter_id=two), Counted(by=4)], actor="op")]
    )  # fmt: skip
    assert (await counters.load(two)).state == Counter(two, 4)
    assert (await counters.load(one)).version == 1
    assert isinstance(counters.batch(one, 1, [Counted(by=1)])[2][0], NewEvent)


async def test_a_known_state_is_unread_and_forgotten_when_an_append_on_it_loses_the_race(
    store: InMemoryEventStore,
) -> None:
    mine = AggregateRepository(
        store, EVENTS.select(*COUNTER_EVENTS), stream_id, Counter(), evolve, cached=10
    )
    other_process = AggregateRepository(
        store, EVENTS.select(*COUNTER_EVENTS), stream_id, Counter(), evolve
    )
    key = uuid4()
    assert mine.known(key) is None  # nothing loaded yet
    await mine.append(key, 0, [Opened(counter_id=key)])
    mine.remember(key, 1, Counter(key))
    known = mine.known(key)
    assert known is not None and (known.state, known.version, known.history) == (
        Counter(key),
        1,
        [],
    )

    await other_process.append(key, 1, [Counted(by=4)])  # unseen by `mine`: its state is stale
    assert mine.known(key) == known
    with pytest.raises(ConcurrencyError):
        await mine.append(key, known.version, [Counted(by=1)])
    assert mine.known(key) is None  # forgotten: the next load reads the stream again
    loaded = await mine.load(key)
    assert (loaded.state, loaded.version) == (Counter(key, 4), 2)
    assert mine.known(key) is not None


def test_a_repository_that_keeps_nothing_knows_nothing(
    counters: AggregateRepository[UUID, Counter, CounterEvent],
) -> None:
    counters.remember(uuid4(), 3, Counter())
    assert all(counters.known(k) is None for k in [uuid4()])
