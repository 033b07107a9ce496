"""Kafka fixtures for the relay, inbox and trace tests: fresh topics on the real broker, and a
reader that returns everything a topic holds up to its current end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from eventkit.relay import install_relay
from eventkit.settings import load_settings
from eventkit.testing.infra import admin_connection, unique_topic

KAFKA = load_settings().kafka_bootstrap
NewTopicFactory = Callable[..., Awaitable[str]]
TopicReader = Callable[[str], Awaitable[list[Any]]]


@pytest.fixture
async def kafka_admin() -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()  # no broker: the test errors here, it never skips
    try:
        yield admin
    finally:
        await admin.close()


@pytest.fixture
def new_topic(kafka_admin: AIOKafkaAdminClient) -> NewTopicFactory:
    async def create(
        prefix: str = "test", partitions: int = 3, configs: dict[str, str] | None = None
    ) -> str:
        name = unique_topic(prefix)
        await kafka_admin.create_topics(
            [NewTopic(name, partitions, 1, topic_configs=configs or {})]
        )
        return name

    return create


async def read_all_records(topic: str) -> list[Any]:
    """Every record of `topic` up to its end offsets now, in partition then offset order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in await _partitions(topic)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        at = await consumer.beginning_offsets(partitions)
        records: dict[TopicPartition, list[Any]] = {tp: [] for tp in partitions}
        while any(at[tp] < ends[tp] for tp in partitions):
            for tp, batch in (await consumer.getmany(timeout_ms=1000)).items():
                records[tp].extend(r for r in batch if r.offset < ends[tp])
                at[tp] = batch[-1].offset + 1
        return [r for tp in partitions for r in records[tp]]
    finally:
        await consumer.stop()


async def _partitions(topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    assert described["error_code"] == 0, f"topic {topic}: {described}"
    return sorted(p["partition"] for p in described["partitions"])


@pytest.fixture
def read_topic() -> TopicReader:
    return read_all_records


@pytest.fixture
async def relay_schema(event_store_schema: str) -> str:
    """The event store's schema with the relay's checkpoint table (installed twice: idempotent)."""
    admin = await admin_connection()
    try:
        await install_relay(admin, event_store_schema)
        await install_relay(admin, event_store_schema)
    finally:
        await admin.close()
    return event_store_schema
