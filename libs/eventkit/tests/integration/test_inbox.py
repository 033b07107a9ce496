"""The inbox consumer on the real database and broker: one effect per event however often it is
delivered, and a record that cannot be handled goes to the dead-letter topic without blocking
its partition."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeAlias

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from eventkit.inbox import InboundMessage, InboxConsumer, install_inbox
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema
from eventkit.testing.waiting import wait_until
from kompeten_contracts.envelope import Envelope

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"
NewTopic = Callable[..., Awaitable[str]]
ReadTopic = Callable[[str], Awaitable[list[Any]]]

KAFKA = load_settings().kafka_bootstrap
CE_TYPE = "id.kompeten.registration.CandidateRegistered.v1"


class Poison(Exception):
    pass


@pytest.fixture
async def inbox_schema() -> AsyncIterator[str]:
    async with fresh_schema("inbox") as schema:
        admin = await admin_connection()
        try:
            await install_inbox(admin, schema)
            await install_inbox(admin, schema)  # installing again changes nothing
            await admin.execute(f"CREATE TABLE {schema}.effects (event_id uuid, note text)")
            await admin.execute(f"GRANT SELECT, INSERT ON {schema}.effects TO kompeten_app")
        finally:
            await admin.close()
        yield schema


@pytest.fixture
async def pool(inbox_schema: str) -> AsyncIterator[asyncpg.Pool[Any]]:
    pool = await asyncpg.create_pool(load_settings().app_dsn(TEST_DATABASE), min_size=1)
    try:
        yield pool
    finally:
        await pool.close()


class Effects:
    """The handler: records one row per call that commits; raises for poisoned event ids."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.poisoned: set[uuid.UUID] = set()
        self.calls: Counter[uuid.UUID] = Counter()

    async def __call__(self, conn: Any, message: InboundMessage) -> None:
        self.calls[message.envelope.id] += 1
        await conn.execute(
            f"INSERT INTO {self.schema}.effects VALUES ($1, $2)",
            message.envelope.id,
            message.payload["note"],
        )
        if message.envelope.id in self.poisoned:
            raise Poison(f"cannot handle {message.payload['note']}")


async def produce(topic: str, records: list[tuple[str, dict[str, Any], Any]]) -> None:
    """(key, value, headers) each; headers None for a record without CloudEvents headers."""
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send_and_wait(
                topic, key=key.encode(), value=json.dumps(value).encode(), headers=headers
            )
    finally:
        await producer.stop()


def event(
    key: str, note: str, event_id: uuid.UUID | None = None
) -> tuple[str, dict[str, Any], Any]:
    envelope = Envelope(
        id=event_id or uuid.uuid4(),
        source="/kompeten/registration",
        type=CE_TYPE,
        time=datetime.now(UTC),
        subject=key,
    )
    return key, {"note": note}, envelope.to_headers()


@contextlib.asynccontextmanager
async def consuming(consumer: InboxConsumer) -> AsyncIterator[InboxConsumer]:
    task = asyncio.create_task(consumer.run())
    try:
        yield consumer
    finally:
        await consumer.stop()
        await task


def consumer_for(pool: Any, schema: str, topic: str, handler: Effects, **kw: Any) -> InboxConsumer:
    return InboxConsumer(
        pool,
        schema,
        KAFKA,
        [topic],
        group_id=kw.pop("group_id", f"g-{uuid.uuid4().hex[:8]}"),
        subscription=kw.pop("subscription", "test.sub"),
        handler=handler,
        dead_letter_topic=kw.pop("dlt", f"{topic}.dlt"),
        **kw,
    )


async def effects(pool: Any, schema: str) -> Counter[uuid.UUID]:
    rows = await pool.fetch(f"SELECT event_id FROM {schema}.effects")
    return Counter(row["event_id"] for row in rows)


def outcome(consumer: InboxConsumer, total: int) -> Any:
    async def probe() -> bool:
        return sum(consumer.outcomes.values()) >= total

    return probe


async def test_a_record_delivered_twice_has_one_effect(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    topic = await new_topic("inbox", partitions=3)
    twice = event("k1", "twice")
    records = [twice, event("k2", "b"), twice, event("k3", "c")]
    await produce(topic, records)
    handler = Effects(inbox_schema)

    async with consuming(consumer_for(pool, inbox_schema, topic, handler)) as consumer:
        await wait_until(outcome(consumer, 4), what="all four records consumed")

    twice_id = Envelope.from_headers(twice[2]).id
    assert consumer.outcomes == Counter(handled=3, duplicate=1)
    assert (await effects(pool, inbox_schema))[twice_id] == 1
    assert sum((await effects(pool, inbox_schema)).values()) == 3
    assert await pool.fetchval(f"SELECT count(*) FROM {inbox_schema}.inbox") == 3


async def test_replaying_the_topic_from_offset_zero_has_no_second_effect(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    topic = await new_topic("inbox", partitions=3)
    await produce(topic, [event(f"k{i}", str(i)) for i in range(20)])
    handler = Effects(inbox_schema)
    async with consuming(consumer_for(pool, inbox_schema, topic, handler)) as first:
        await wait_until(outcome(first, 20), what="first pass")
    before = await effects(pool, inbox_schema)

    # A new consumer group starts at offset 0; the subscription (the inbox's key) is the same.
    async with consuming(consumer_for(pool, inbox_schema, topic, handler)) as replay:
        await wait_until(outcome(replay, 20), what="replay")

    assert first.outcomes == Counter(handled=20)
    assert replay.outcomes == Counter(duplicate=20)
    assert await effects(pool, inbox_schema) == before
    assert set(before.values()) == {1}


async def test_a_poison_message_goes_to_the_dead_letter_topic_and_its_partition_flows_on(
    pool: Pool, inbox_schema: str, new_topic: NewTopic, read_topic: ReadTopic
) -> None:
    topic = await new_topic("inbox", partitions=1)
    dlt = await new_topic("inbox.dlt", partitions=1)
    poison = event("same-key", "poison")
    records = [
        event("same-key", "before"),
        poison,
        event("same-key", "after"),
        event("same-key", "later"),
    ]
    await produce(topic, records)
    handler = Effects(inbox_schema)
    poison_id = Envelope.from_headers(poison[2]).id
    handler.poisoned.add(poison_id)
    group = f"g-{uuid.uuid4().hex[:8]}"

    consumer = consumer_for(pool, inbox_schema, topic, handler, dlt=dlt, group_id=group)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 4), what="all records dealt with")

    assert consumer.outcomes == Counter(handled=3, dead_lettered=1)
    assert handler.calls[poison_id] == 3, "max_attempts, no more"
    done = await effects(pool, inbox_schema)
    assert poison_id not in done and len(done) == 3, "no effect of the poison is kept"
    [dead] = await read_topic(dlt)
    headers = dict(dead.headers)
    assert (dead.key, dead.value) == (b"same-key", json.dumps({"note": "poison"}).encode())
    assert Envelope.from_headers(dead.headers).id == poison_id
    assert headers["dlt_error"] == b"Poison: cannot handle poison"
    assert headers["dlt_origin_topic"] == topic.encode()
    assert (headers["dlt_origin_partition"], headers["dlt_origin_offset"]) == (b"0", b"1")
    assert headers["dlt_subscription"] == b"test.sub"
    assert await committed(group, topic) == 4, "the partition's offset moved past the poison"


async def test_a_record_without_cloudevents_headers_is_dead_lettered_at_once(
    pool: Pool, inbox_schema: str, new_topic: NewTopic, read_topic: ReadTopic
) -> None:
    topic = await new_topic("inbox", partitions=1)
    dlt = await new_topic("inbox.dlt", partitions=1)
    await produce(topic, [("k", {"note": "bare"}, None), event("k", "fine")])
    handler = Effects(inbox_schema)

    consumer = consumer_for(pool, inbox_schema, topic, handler, dlt=dlt)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 2), what="both records dealt with")

    assert consumer.outcomes == Counter(handled=1, dead_lettered=1)
    assert sum(handler.calls.values()) == 1, "the bare record never reached the handler"
    [dead] = await read_topic(dlt)
    assert dead.value == json.dumps({"note": "bare"}).encode()
    assert dict(dead.headers)["dlt_error"].startswith(b"MissingHeaderError")


async def committed(group: str, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        return int(await consumer.committed(TopicPartition(topic, 0)) or 0)
    finally:
        await consumer.stop()
