"""Read what is on a topic, for tests that count records (duplicates, dead letters), and
publish events onto one as another service's relay would."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from eventkit.settings import load_settings
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.registry import encode


async def partitions_of(bootstrap_servers: str, topic: str) -> list[int]:
    # describe_topics asks the broker; a consumer's metadata cache may not know a new topic yet.
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if described["error_code"] != 0:
        return []
    return sorted(p["partition"] for p in described["partitions"])


async def record_count(bootstrap_servers: str, topic: str) -> int:
    """How many records the topic holds (0 for a topic that does not exist)."""
    partitions = [TopicPartition(topic, p) for p in await partitions_of(bootstrap_servers, topic)]
    if not partitions:
        return 0
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
        starts = await consumer.beginning_offsets(partitions)
    finally:
        await consumer.stop()
    return sum(ends[tp] - starts[tp] for tp in partitions)


async def group_lag(bootstrap_servers: str, group_id: str, topic: str) -> int:
    """Records on the topic that the consumer group has not committed past yet."""
    partitions = [TopicPartition(topic, p) for p in await partitions_of(bootstrap_servers, topic)]
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group_id, partitions=partitions)
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return sum(
        ends[tp] - max(committed[tp].offset if tp in committed else 0, 0) for tp in partitions
    )


async def all_records(bootstrap_servers: str, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of `topic` up to its end offsets now, in partition then offset order.

    Reads until each partition's end offset, not for a while: a test asserting that something
    is absent from a topic must have seen all of it."""
    partitions = [TopicPartition(topic, p) for p in await partitions_of(bootstrap_servers, topic)]
    assert partitions, f"topic {topic} does not exist"
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        at = await consumer.beginning_offsets(partitions)
        records: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]] = {
            tp: [] for tp in partitions
        }
        while any(at[tp] < ends[tp] for tp in partitions):
            for tp, batch in (await consumer.getmany(timeout_ms=1000)).items():
                records[tp].extend(r for r in batch if r.offset < ends[tp])
                at[tp] = batch[-1].offset + 1
        return [r for tp in partitions for r in records[tp]]
    finally:
        await consumer.stop()


async def publish(
    topic: str, records: Sequence[tuple[str, PublicEvent]], ids: Sequence[UUID] | None = None
) -> None:
    """Each (key, event) as one record, as a relay publishes it (CloudEvents headers); `ids`
    fixes the records' ce_id (a redelivery repeats one)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=load_settings().kafka_bootstrap, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        for n, (key, event) in enumerate(records):
            envelope = Envelope(
                id=ids[n] if ids else uuid4(), source=event.source(), type=event.ce_type(),
                time=datetime.now(UTC), subject=key,
            )  # fmt: skip
            await producer.send_and_wait(
                topic, key=key.encode(), value=encode(event), headers=envelope.to_headers()
            )
    finally:
        await producer.stop()
