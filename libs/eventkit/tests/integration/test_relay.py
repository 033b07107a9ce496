"""The relay on the real database and broker: every event published once per run, in stream
order, keyed by stream; the checkpoint moves only after Kafka's acks; one leader at a time."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, ClassVar, TypeAlias

import asyncpg
import pytest
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import MessageSizeTooLargeError
from aiokafka.partitioner import DefaultPartitioner

from eventkit.relay import Relay, public_id
from eventkit.settings import load_settings
from eventkit.store import NewEvent, PostgresEventStore, RecordedEvent
from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.registration import CandidateRegisteredV1

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"
NewTopic = Callable[..., Awaitable[str]]
ReadTopic = Callable[[str], Awaitable[list[Any]]]

KAFKA = load_settings().kafka_bootstrap
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


class NoteTakenV1(PublicEvent):
    service: ClassVar[str] = "registration"
    name: ClassVar[str] = "NoteTaken"
    version: ClassVar[int] = 1
    note: str


def to_public(event: RecordedEvent) -> Sequence[PublicEvent]:
    """Registered: one public event; Noted: two; anything else stays private."""
    if event.event_type == "Registered":
        return [
            CandidateRegisteredV1(
                candidate_id=uuid.UUID(event.stream_id),
                district_code="5107",
                registered_at=event.recorded_at,
            )
        ]
    if event.event_type == "Noted":
        return [NoteTakenV1(note=event.data["note"]), NoteTakenV1(note="copy")]
    return []


async def append(store: PostgresEventStore, stream: str, *types: str) -> list[RecordedEvent]:
    current = len(await store.load(stream))
    events = [
        NewEvent(t, {"note": f"{t}-{i}"}, metadata={"traceparent": TRACEPARENT})
        for i, t in enumerate(types)
    ]
    return await store.append(stream, current, events)


async def checkpoint(schema: str, name: str = "relay") -> int:
    conn = await admin_connection()
    try:
        sql = f"SELECT position FROM {schema}.relay_checkpoints WHERE name = $1"
        return int(await conn.fetchval(sql, name) or 0)
    finally:
        await conn.close()


def relay(pool: asyncpg.Pool[Any], schema: str, topic: str, **kw: Any) -> Relay:
    kw.setdefault("retry_interval", 0.1)
    return Relay(pool, schema, KAFKA, topic, kw.pop("mapper", to_public), **kw)


@contextlib.asynccontextmanager
async def running(*relays: Relay) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(r.run()) for r in relays]
    try:
        yield
    finally:
        for r in relays:
            await r.stop()
        await asyncio.gather(*tasks)


async def test_publishes_every_event_once_keyed_by_stream_with_cloudevents_headers(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
    read_topic: ReadTopic,
) -> None:
    topic = await new_topic("relay", partitions=3)
    streams = [str(uuid.uuid4()) for _ in range(3)]
    recorded = []
    for stream in streams:
        recorded += await append(pg_event_store, stream, "Registered", "Private", "Noted")
    r = relay(event_store_pool, relay_schema, topic)

    assert await r.drain_once() == 9
    records = await read_topic(topic)

    expected = {
        (e.stream_id, public_id(e.event_id, i)) for e in recorded for i in range(len(to_public(e)))
    }
    got = [(rec.key.decode(), Envelope.from_headers(rec.headers)) for rec in records]
    assert {(key, env.id) for key, env in got} == expected
    assert len(records) == len(expected) == 9
    by_id = {e.event_id: e for e in recorded}
    for key, env in got:
        assert env.subject == key and env.source == "/kompeten/registration"
        assert env.type in {CandidateRegisteredV1.ce_type(), NoteTakenV1.ce_type()}
        assert env.traceparent is not None and env.traceparent.split("-")[1] == TRACEPARENT[3:35]
        if env.id in by_id:
            assert env.time == by_id[env.id].recorded_at
    for stream in streams:  # one partition per key, in the stream's order
        ids = [env.id for key, env in got if key == stream]
        assert ids == [
            public_id(e.event_id, i)
            for e in recorded
            if e.stream_id == stream
            for i in range(len(to_public(e)))
        ]
    assert await checkpoint(relay_schema) == recorded[-1].position
    assert await r.drain_once() == 0, "a second run publishes nothing new"
    assert len(await read_topic(topic)) == 9


async def test_failing_mapper_leaves_checkpoint_and_next_run_publishes_the_rest(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
    read_topic: ReadTopic,
) -> None:
    topic = await new_topic("relay")
    recorded = await append(pg_event_store, str(uuid.uuid4()), *["Registered"] * 5)
    calls = 0

    def flaky(event: RecordedEvent) -> Sequence[PublicEvent]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("mapper bug")
        return to_public(event)

    r = relay(event_store_pool, relay_schema, topic, mapper=flaky)
    with pytest.raises(RuntimeError, match="mapper bug"):
        await r.drain_once()
    assert await checkpoint(relay_schema) == 0
    assert await read_topic(topic) == []

    assert await r.drain_once() == 5
    assert await checkpoint(relay_schema) == recorded[-1].position
    ids = [Envelope.from_headers(rec.headers).id for rec in await read_topic(topic)]
    assert ids == [e.event_id for e in recorded]


async def test_unacknowledged_records_keep_the_checkpoint_until_kafka_takes_them(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
    read_topic: ReadTopic,
    kafka_admin: Any,
) -> None:
    topic = await new_topic("relay", partitions=2, configs={"max.message.bytes": "2048"})
    big_stream, small_stream = streams_on_different_partitions(2)
    small = await append(pg_event_store, small_stream, "Noted")
    big = await pg_event_store.append(big_stream, 0, [NewEvent("Noted", {"note": "x" * 5000})])
    r = relay(event_store_pool, relay_schema, topic)

    with pytest.raises(MessageSizeTooLargeError):
        await r.drain_once()  # the broker refuses the big record, and acks the small ones
    assert {rec.key.decode() for rec in await read_topic(topic)} == {small_stream}
    assert await checkpoint(relay_schema) == 0

    resource = ConfigResource(ConfigResourceType.TOPIC, topic, {"max.message.bytes": "1048576"})
    await kafka_admin.alter_configs([resource])
    assert await r.drain_once() == 2
    assert await checkpoint(relay_schema) == big[-1].position
    ids = [Envelope.from_headers(rec.headers).id for rec in await read_topic(topic)]
    assert set(ids) == {public_id(e.event_id, i) for e in small + big for i in (0, 1)}
    assert len(ids) == 6, "the acked records of the failed batch are published again"


def streams_on_different_partitions(partitions: int) -> tuple[str, str]:
    def partition(stream: str) -> int:
        return int(DefaultPartitioner()(stream.encode(), list(range(partitions)), None))

    first = str(uuid.uuid4())
    second = next(
        s for s in iter(lambda: str(uuid.uuid4()), "") if partition(s) != partition(first)
    )
    return first, second


async def test_only_the_leader_publishes_and_another_takes_over_when_it_dies(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
    read_topic: ReadTopic,
) -> None:
    topic = await new_topic("relay")
    a, b = (relay(event_store_pool, relay_schema, topic) for _ in range(2))
    async with running(a, b):
        await wait_until(lambda: _async(a.is_leader or b.is_leader), what="a leader")
        first = await append(pg_event_store, str(uuid.uuid4()), *["Registered"] * 10)

        await wait_until(lambda: _async(a.published + b.published >= 10), what="published")
        leader, follower = (a, b) if a.is_leader else (b, a)
        assert (leader.published, follower.published) == (10, 0)
        assert not follower.is_leader

        await _terminate_lock_holder(leader.lock_key)
        more = await append(pg_event_store, str(uuid.uuid4()), *["Registered"] * 5)

        async def all_published() -> bool:
            ids = {Envelope.from_headers(r.headers).id for r in await read_topic(topic)}
            return ids == {e.event_id for e in first + more}

        await wait_until(all_published, what="published after the leader's connection died")
    assert await checkpoint(relay_schema) == more[-1].position


async def test_an_append_wakes_the_relay_without_waiting_for_the_poll(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
) -> None:
    topic = await new_topic("relay")
    r = relay(event_store_pool, relay_schema, topic, poll_interval=60)
    await append(pg_event_store, str(uuid.uuid4()), "Registered")
    async with running(r):
        await wait_until(lambda: _async(r.published == 1), what="first event published")
        await append(pg_event_store, str(uuid.uuid4()), "Registered")
        await wait_until(lambda: _async(r.published == 2), timeout=10, what="woken by NOTIFY")


async def _async(value: bool) -> bool:
    return value


async def _terminate_lock_holder(key: int) -> None:
    conn = await admin_connection()
    try:
        pid = await conn.fetchval(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 1",
            (key >> 32) & 0xFFFFFFFF,
            key & 0xFFFFFFFF,
        )
        assert pid is not None, "no connection holds the leader lock"
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()
