"""Kafka fixtures for the relay, inbox and trace tests: fresh topics on the real broker, and a
reader that returns everything a topic holds up to its current end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from eventkit.relay import install_relay
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, unique_topic
from eventkit.testing.kafka import all_records

KAFKA = load_settings().kafka_bootstrap
NewTopicFactory = Callable[..., Awaitable[str]]
TopicReader = Callable[[str], Awaitable[list[Any]]]
Connect = Callable[[], Awaitable[asyncpg.Connection]]


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
    return await all_records(KAFKA, topic)


@pytest.fixture
async def connect(schema: str) -> AsyncIterator[Connect]:
    """Connections as kompeten_app to the test module's `schema`, closed before it is dropped."""
    opened: list[asyncpg.Connection] = []

    async def open_one() -> asyncpg.Connection:
        opened.append(await asyncpg.connect(load_settings().app_dsn(TEST_DATABASE), timeout=10))
        return opened[-1]

    yield open_one
    for conn in opened:
        try:
            await conn.close(timeout=5)
        except (asyncpg.InterfaceError, TimeoutError):  # a query of a failed test still running
            conn.terminate()


@pytest.fixture
async def conn(connect: Connect) -> asyncpg.Connection:
    return await connect()


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
