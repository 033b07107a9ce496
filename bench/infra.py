"""Shared plumbing of the arms: schemas, topics, payloads, the bench's public event."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.harness import TEST_DATABASE
from eventkit.settings import Settings, load_settings
from eventkit.telemetry import default_sampler, setup_tracing
from kompeten_contracts.base import PublicEvent

PARTITIONS = 12
EVENT_TYPE = "BenchRecorded"


def field_default(cls: Any, name: str) -> Any:
    """The default of a dataclass field: the benchmarks follow the components' own defaults."""
    for f in dataclasses.fields(cls):
        if f.name == name:
            return f.default
    raise KeyError(f"{cls.__name__} has no field {name!r}")


def setup_bench_tracing(service_name: str) -> str:
    """The SDK tracer provider each service's main installs, sampling as in production (the
    bench runs in development mode for its secrets, which would trace every journey) unless
    the standard OTEL_TRACES_SAMPLER says otherwise; returns the sampler's description."""
    provider = setup_tracing(service_name, sampler=default_sampler(development=False))
    return str(provider.sampler.get_description())


def settings() -> Settings:
    return load_settings()


def admin_dsn() -> str:
    return settings().admin_dsn(TEST_DATABASE)


def app_dsn() -> str:
    return settings().app_dsn(TEST_DATABASE)


def bootstrap() -> str:
    return settings().kafka_bootstrap


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@contextlib.asynccontextmanager
async def fresh_schema(prefix: str) -> AsyncIterator[str]:
    """A new schema in kompeten_test that kompeten_app may use; dropped afterwards."""
    name = unique(f"bench_{prefix}")
    conn = await asyncpg.connect(admin_dsn(), timeout=10)
    try:
        await conn.execute(f'CREATE SCHEMA "{name}"')
        await conn.execute(f'GRANT USAGE ON SCHEMA "{name}" TO kompeten_app')
        yield name
    finally:
        with contextlib.suppress(Exception):
            await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        await conn.close()


async def admin_execute(sql: str, *args: Any) -> str:
    conn = await asyncpg.connect(admin_dsn(), timeout=10)
    try:
        return await conn.execute(sql, *args)
    finally:
        await conn.close()


async def create_topics(names: list[str], partitions: int = PARTITIONS) -> None:
    """Create, then wait until every partition has a leader: a producer that starts sooner
    meets NotLeaderForPartition retries that would be counted in its figure."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap())
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(n, num_partitions=partitions, replication_factor=1) for n in names]
        )
        deadline = time.monotonic() + 30
        while True:
            described = await admin.describe_topics(names)
            ready = all(
                t["error_code"] == 0
                and len(t["partitions"]) == partitions
                and all(p["error_code"] == 0 and p["leader"] >= 0 for p in t["partitions"])
                for t in described
            )
            if ready:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"topics {names} have no leaders after 30 s: {described}")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def delete_topics(names: list[str]) -> None:
    if not names:
        return
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap())
    await admin.start()
    try:
        with contextlib.suppress(Exception):
            await admin.delete_topics(names)
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def topics(*prefixes: str) -> AsyncIterator[list[str]]:
    """Fresh topics (12 partitions), deleted afterwards."""
    names = [f"bench.{p}.{uuid.uuid4().hex[:10]}" for p in prefixes]
    await create_topics(names)
    try:
        yield names
    finally:
        await delete_topics(names)


def event_data(seq: int, appended_at: float | None = None) -> dict[str, Any]:
    """About the size and shape of a registration event: ids, a code, a time, an opaque blob
    (the encrypted personal data)."""
    data: dict[str, Any] = {
        "candidate_id": str(uuid.uuid4()),
        "district_code": f"{3100 + seq % 97:04d}",
        "registered_at": datetime.now(UTC).isoformat(),
        "cohort": f"cohort-{seq // 1000}",
        "sealed_personal_data": "x" * 120,
        "seq": seq,
    }
    if appended_at is not None:
        data["appended_at"] = appended_at
    return data


def data_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()


class BenchRecordedV1(PublicEvent):
    """The public event the bench's relay publishes: the private event's data, unchanged."""

    service: ClassVar[str] = "bench"
    name: ClassVar[str] = "Recorded"
    version: ClassVar[int] = 1

    candidate_id: str
    district_code: str
    registered_at: str
    cohort: str
    seq: int
    appended_at: float | None = None
