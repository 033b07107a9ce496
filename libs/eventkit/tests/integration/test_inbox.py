"""The inbox consumer on the real database and broker: one effect per event however often it is
delivered, and a record that cannot be handled goes to the dead-letter topic without blocking
its partition."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeAlias

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from eventkit.inbox import (
    BATCH_MAX_RECORDS,
    MESSAGE_MAX_RECORDS,
    InboundMessage,
    InboxConsumer,
    install_inbox,
)
from eventkit.inbox_schema import ClaimedBefore, claim, claim_all
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


def consumer_for(
    pool: Any, schema: str, topic: str, handler: Effects | None, **kw: Any
) -> InboxConsumer:
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


async def committed(group: str, topic: str, partition: int = 0) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        return int(await consumer.committed(TopicPartition(topic, partition)) or 0)
    finally:
        await consumer.stop()


# --- the batch handler: a whole poll, all its partitions, in one transaction -------------------


class BatchEffects:
    """A batch handler: one INSERT for all the messages it is given; a batch holding a
    poisoned id fails as a whole."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.poisoned: set[uuid.UUID] = set()
        self.batches: list[list[uuid.UUID]] = []

    async def __call__(self, conn: Any, messages: Sequence[InboundMessage]) -> None:
        ids = [m.envelope.id for m in messages]
        self.batches.append(ids)
        await conn.execute(
            f"INSERT INTO {self.schema}.effects SELECT * FROM unnest($1::uuid[], $2::text[])",
            ids,
            [m.payload["note"] for m in messages],
        )
        if poison := self.poisoned.intersection(ids):
            raise Poison(f"cannot handle {sorted(map(str, poison))}")

    def alone(self, event_id: uuid.UUID) -> int:
        """How often the handler was called with this event on its own."""
        return sum(batch == [event_id] for batch in self.batches)


async def produce_to(
    topic: str, records: list[tuple[int, tuple[str, dict[str, Any], Any]]]
) -> None:
    """(partition, (key, value, headers)) each: placed explicitly, whatever the key."""
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for partition, (key, value, headers) in records:
            await producer.send_and_wait(
                topic,
                key=key.encode(),
                value=json.dumps(value).encode(),
                headers=headers,
                partition=partition,
            )
    finally:
        await producer.stop()


def batch_consumer_for(
    pool: Any, schema: str, topic: str, handler: BatchEffects, **kw: Any
) -> InboxConsumer:
    return consumer_for(pool, schema, topic, None, batch_handler=handler, **kw)


def test_an_inbox_consumer_takes_exactly_one_kind_of_handler(inbox_schema: str) -> None:
    for handler, batch_handler in [(None, None), (Effects(inbox_schema), BatchEffects("x"))]:
        with pytest.raises(ValueError, match="exactly one"):
            InboxConsumer(
                None,  # type: ignore[arg-type]
                inbox_schema,
                KAFKA,
                ["t"],
                "g",
                "s",
                handler,
                "t.dlt",
                batch_handler=batch_handler,
            )


def test_a_poll_is_bigger_for_a_batch_handler_than_for_a_per_message_one(inbox_schema: str) -> None:
    batch = batch_consumer_for(None, inbox_schema, "t", BatchEffects(inbox_schema))
    each = consumer_for(None, inbox_schema, "t", Effects(inbox_schema))
    assert (batch.max_records, each.max_records) == (BATCH_MAX_RECORDS, MESSAGE_MAX_RECORDS)
    assert BATCH_MAX_RECORDS > MESSAGE_MAX_RECORDS
    assert (
        consumer_for(
            None, inbox_schema, "t", None, batch_handler=BatchEffects(inbox_schema), max_records=7
        ).max_records
        == 7
    )


async def test_one_claim_for_a_poll_keeps_the_first_of_an_event_delivered_on_two_partitions(
    pool: Pool, inbox_schema: str
) -> None:
    def message(partition: int, offset: int, event_id: uuid.UUID) -> InboundMessage:
        key, value, headers = event("k", "n", event_id)
        return InboundMessage(
            Envelope.from_headers(headers), key, json.dumps(value).encode(), "t", partition, offset
        )

    twice, once = uuid.uuid4(), uuid.uuid4()
    polled = [message(0, 7, twice), message(1, 3, once), message(2, 5, twice)]
    async with pool.acquire() as conn:
        assert await claim(conn, inbox_schema, "s", polled) == {twice, once}
        assert await claim(conn, inbox_schema, "s", polled) == set(), "claimed before"
    rows = await pool.fetch(f"SELECT event_id, partition, kafka_offset FROM {inbox_schema}.inbox")
    assert {(r["event_id"], r["partition"], r["kafka_offset"]) for r in rows} == {
        (twice, 0, 7),
        (once, 1, 3),
    }


async def test_a_batch_handler_applies_an_event_delivered_on_two_partitions_once(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    topic = await new_topic("inbox", partitions=3)
    twice = event("k1", "twice")
    records = [(0, twice), (1, event("k2", "b")), (2, twice), (2, event("k3", "c")), (1, twice)]
    await produce_to(topic, records)
    handler = BatchEffects(inbox_schema)

    async with consuming(batch_consumer_for(pool, inbox_schema, topic, handler)) as consumer:
        await wait_until(outcome(consumer, 5), what="all five records consumed")

    assert consumer.outcomes == Counter(handled=3, duplicate=2)
    assert all(len(batch) == len(set(batch)) for batch in handler.batches), "no id twice"
    done = await effects(pool, inbox_schema)
    assert done[Envelope.from_headers(twice[2]).id] == 1 and sum(done.values()) == 3


async def test_a_poison_message_in_a_multi_partition_batch_dead_letters_only_itself(
    pool: Pool, inbox_schema: str, new_topic: NewTopic, read_topic: ReadTopic
) -> None:
    topic = await new_topic("inbox", partitions=3)
    dlt = await new_topic("inbox.dlt", partitions=1)
    poison = event("p", "poison")
    records = [(p, event(f"k{p}", f"{p}-{i}")) for i in range(4) for p in range(3)]
    records.insert(4, (1, poison))
    await produce_to(topic, records)
    handler = BatchEffects(inbox_schema)
    poison_id = Envelope.from_headers(poison[2]).id
    handler.poisoned.add(poison_id)
    group = f"g-{uuid.uuid4().hex[:8]}"

    consumer = batch_consumer_for(pool, inbox_schema, topic, handler, dlt=dlt, group_id=group)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 13), what="all records dealt with")

    assert consumer.outcomes == Counter(handled=12, dead_lettered=1)
    assert handler.alone(poison_id) == 3, "max_attempts on its own, no more"
    done = await effects(pool, inbox_schema)
    assert poison_id not in done and len(done) == 12 and set(done.values()) == {1}
    [dead] = await read_topic(dlt)
    headers = dict(dead.headers)
    assert Envelope.from_headers(dead.headers).id == poison_id
    assert headers["dlt_error"].startswith(b"Poison: cannot handle")
    assert (headers["dlt_origin_partition"], headers["dlt_origin_offset"]) == (b"1", b"1")
    assert [await committed(group, topic, p) for p in range(3)] == [4, 5, 4]


class OffsetsAfterTheirTransaction(InboxConsumer):
    """Checks, at each offset commit, that every record below each offset has its inbox row
    committed already (read on another connection, so only committed rows are seen)."""

    checked: list[dict[int, int]]

    async def _commit(self, consumer: Any, offsets: dict[TopicPartition, int]) -> None:
        async with self.pool.acquire() as conn:
            for tp, offset in offsets.items():
                claimed = await conn.fetchval(
                    f"SELECT count(*) FROM {self.schema}.inbox"
                    " WHERE topic = $1 AND partition = $2 AND kafka_offset < $3",
                    tp.topic,
                    tp.partition,
                    offset,
                )
                assert claimed == offset, f"{tp}@{offset} committed before its transaction"
        self.checked.append({tp.partition: offset for tp, offset in offsets.items()})
        await super()._commit(consumer, offsets)


async def test_the_offsets_of_every_partition_of_a_poll_are_committed_after_its_transaction(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    topic = await new_topic("inbox", partitions=3)
    await produce_to(topic, [(i % 3, event(f"k{i}", str(i))) for i in range(30)])
    handler = BatchEffects(inbox_schema)
    group = f"g-{uuid.uuid4().hex[:8]}"
    consumer = OffsetsAfterTheirTransaction(
        pool,
        inbox_schema,
        KAFKA,
        [topic],
        group,
        "test.sub",
        None,
        f"{topic}.dlt",
        batch_handler=handler,
    )
    consumer.checked = []
    async with consuming(consumer):
        await wait_until(outcome(consumer, 30), what="all records consumed")

    assert consumer.outcomes == Counter(handled=30)
    final: dict[int, int] = {}
    for offsets in consumer.checked:
        final.update(offsets)
    assert final == {0: 10, 1: 10, 2: 10}
    assert [await committed(group, topic, p) for p in range(3)] == [10, 10, 10]


# --- the cheap claim, and polls pipelined ------------------------------------------------------


async def test_the_cheap_claim_refuses_a_batch_holding_an_event_claimed_before(
    pool: Pool, inbox_schema: str
) -> None:
    def message(offset: int, event_id: uuid.UUID) -> InboundMessage:
        key, value, headers = event("k", "n", event_id)
        return InboundMessage(
            Envelope.from_headers(headers), key, json.dumps(value).encode(), "t", 0, offset
        )

    old, new = uuid.uuid4(), uuid.uuid4()
    async with pool.acquire() as conn:
        async with conn.transaction():
            await claim_all(conn, inbox_schema, "s", [message(0, old)])
        with pytest.raises(ClaimedBefore):
            async with conn.transaction():
                await claim_all(conn, inbox_schema, "s", [message(1, new), message(2, old)])
        # Rolled back whole: the new event is not claimed by the refused batch ...
        assert await claim(conn, inbox_schema, "s", [message(1, new), message(2, old)]) == {new}
        with pytest.raises(ClaimedBefore):  # ... and an event twice in a batch is refused too
            async with conn.transaction():
                await claim_all(conn, inbox_schema, "s", [message(3, uuid.uuid4())] * 2)
    rows = await pool.fetch(f"SELECT event_id FROM {inbox_schema}.inbox")
    assert sorted(r["event_id"] for r in rows) == sorted([old, new])


async def test_redelivered_events_among_new_ones_have_one_effect_each(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    """A poll that holds events claimed before fails its cheap claim and is claimed again with
    ON CONFLICT: the new events of that poll are applied, the old ones skipped."""
    topic = await new_topic("inbox", partitions=2)
    first = [(i % 2, event(f"k{i}", str(i))) for i in range(10)]
    await produce_to(topic, first)
    handler = BatchEffects(inbox_schema)
    async with consuming(batch_consumer_for(pool, inbox_schema, topic, handler)) as consumer:
        await wait_until(outcome(consumer, 10), what="first ten consumed")
    # The same ten again (as a producer retrying after a crash would send them), then new ones.
    await produce_to(topic, first + [(i % 2, event(f"n{i}", f"new {i}")) for i in range(10)])
    group = f"g-{uuid.uuid4().hex[:8]}"  # from offset 0: 10 old, 10 old again, 10 new
    consumer = batch_consumer_for(pool, inbox_schema, topic, handler, group_id=group)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 30), what="all thirty consumed")

    assert consumer.outcomes == Counter(handled=10, duplicate=20)
    done = await effects(pool, inbox_schema)
    assert len(done) == 20 and set(done.values()) == {1}


async def test_a_unique_violation_of_the_handler_is_a_failure_not_a_duplicate(
    pool: Pool, inbox_schema: str, new_topic: NewTopic, read_topic: ReadTopic
) -> None:
    topic = await new_topic("inbox", partitions=1)
    dlt = await new_topic("inbox.dlt", partitions=1)
    clash = event("k", "clash")
    await produce(topic, [event("k", "a"), clash, event("k", "b")])
    clash_id = Envelope.from_headers(clash[2]).id

    async def handler(conn: Any, messages: Sequence[InboundMessage]) -> None:
        await conn.execute(
            f"INSERT INTO {inbox_schema}.effects SELECT * FROM unnest($1::uuid[], $2::text[])",
            [m.envelope.id for m in messages],
            [m.payload["note"] for m in messages],
        )
        if any(m.envelope.id == clash_id for m in messages):
            # A duplicate key of the handler's own (here even on the inbox table, on an id just
            # claimed): a bug of the handler, which must not pass for an event claimed before.
            await conn.execute(
                f"INSERT INTO {inbox_schema}.inbox (subscription, event_id, topic, partition,"
                " kafka_offset) VALUES ('test.sub', $1, 't', 0, 0)",
                clash_id,
            )

    consumer = consumer_for(pool, inbox_schema, topic, None, batch_handler=handler, dlt=dlt)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 3), what="all records dealt with")

    assert consumer.outcomes == Counter(handled=2, dead_lettered=1)
    [dead] = await read_topic(dlt)
    assert Envelope.from_headers(dead.headers).id == clash_id
    assert clash_id not in await effects(pool, inbox_schema)


async def test_polls_are_applied_one_at_a_time_and_in_offset_order(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    """The next poll is fetched and parsed while one is applied, but the transactions never
    overlap and each partition's records are applied in offset order."""
    topic = await new_topic("inbox", partitions=3)
    await produce_to(topic, [(i % 3, event(f"k{i % 3}", str(i))) for i in range(120)])
    active, overlaps = 0, 0
    applied: dict[int, list[int]] = {0: [], 1: [], 2: []}

    async def handler(conn: Any, messages: Sequence[InboundMessage]) -> None:
        nonlocal active, overlaps
        active += 1
        overlaps += active > 1
        try:
            await conn.execute("SELECT pg_sleep(0.005)")  # in PostgreSQL while the next is parsed
            for m in messages:
                applied[m.partition].append(m.offset)
        finally:
            active -= 1

    consumer = consumer_for(pool, inbox_schema, topic, None, batch_handler=handler, max_records=7)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 120), what="all records consumed")

    assert overlaps == 0
    assert applied == {p: list(range(40)) for p in range(3)}


async def test_a_dead_lettered_message_keeps_every_header_it_came_with(
    pool: Pool, inbox_schema: str, new_topic: NewTopic, read_topic: ReadTopic
) -> None:
    """The consumer keeps messages, not Kafka records, while it works; the dead-letter topic
    still gets the record as it came, a partner's own headers and the key's bytes included."""
    topic = await new_topic("inbox", partitions=1)
    dlt = await new_topic("inbox.dlt", partitions=1)
    key, value, headers = event("kunci-ü", "poison")
    sent = [*headers, ("x-partner", b"\x00\x01"), ("x-empty", b"")]
    await produce(topic, [(key, value, sent)])
    handler = BatchEffects(inbox_schema)
    handler.poisoned.add(Envelope.from_headers(headers).id)

    consumer = batch_consumer_for(pool, inbox_schema, topic, handler, dlt=dlt)
    async with consuming(consumer):
        await wait_until(outcome(consumer, 1), what="the record dealt with")

    [dead] = await read_topic(dlt)
    assert dead.key == key.encode() and dead.value == json.dumps(value).encode()
    assert [h for h in dead.headers if not h[0].startswith("dlt_")] == sent


async def test_a_claim_of_several_topics_records_each_row_with_its_own(
    pool: Pool, inbox_schema: str
) -> None:
    def message(topic: str, offset: int, event_id: uuid.UUID) -> InboundMessage:
        key, value, headers = event("k", "n", event_id)
        return InboundMessage(
            Envelope.from_headers(headers), key, json.dumps(value).encode(), topic, 0, offset
        )

    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with pool.acquire() as conn:
        async with conn.transaction():
            await claim_all(conn, inbox_schema, "s", [message("t1", 0, a), message("t2", 0, b)])
        polled = [message("t2", 1, c), message("t1", 1, a), message("t1", 2, c)]
        assert await claim(conn, inbox_schema, "s", polled) == {c}
    rows = await pool.fetch(f"SELECT event_id, topic, kafka_offset FROM {inbox_schema}.inbox")
    assert {(r["event_id"], r["topic"], r["kafka_offset"]) for r in rows} == {
        (a, "t1", 0),
        (b, "t2", 0),
        (c, "t2", 1),
    }


class SlowOffsetCommits(InboxConsumer):
    """Offset commits that take a while (a broker far away): records each one's offsets and
    how many polls had been applied when it started and when it ended."""

    commits: list[tuple[dict[int, int], int, int]]
    applied: int

    async def _commit(self, consumer: Any, offsets: dict[TopicPartition, int]) -> None:
        started = self.applied
        await asyncio.sleep(0.05)
        await super()._commit(consumer, offsets)
        self.commits.append(({tp.partition: o for tp, o in offsets.items()}, started, self.applied))


async def test_offset_commits_go_in_order_without_holding_up_the_next_transaction(
    pool: Pool, inbox_schema: str, new_topic: NewTopic
) -> None:
    topic = await new_topic("inbox", partitions=2)
    await produce_to(topic, [(i % 2, event(f"k{i % 2}", str(i))) for i in range(60)])
    group = f"g-{uuid.uuid4().hex[:8]}"

    async def handler(conn: Any, messages: Sequence[InboundMessage]) -> None:
        consumer.applied += 1

    consumer = SlowOffsetCommits(
        pool,
        inbox_schema,
        KAFKA,
        [topic],
        group,
        "test.sub",
        None,
        f"{topic}.dlt",
        batch_handler=handler,
        max_records=4,
    )
    consumer.commits, consumer.applied = [], 0
    async with consuming(consumer):
        await wait_until(outcome(consumer, 60), what="all records consumed")

        async def all_committed() -> bool:
            return [await committed(group, topic, p) for p in (0, 1)] == [30, 30]

        await wait_until(all_committed, what="every offset committed")

    for partition in (0, 1):
        moved = [offsets[partition] for offsets, _, _ in consumer.commits if partition in offsets]
        assert moved == sorted(moved), "offsets move forward only"
    # The next polls' transactions do not wait for an offset commit: several are applied
    # while one is in flight.
    assert max(ended - started for _, started, ended in consumer.commits) >= 3
