"""Arm c: the relay draining a backlog vs raw aiokafka producing the same records.

The backlog (`relay_events` events, one per stream, filled with append_many) is written once;
each round of ours is a fresh `Relay` (a new name, so a checkpoint at 0) publishing the whole
log to a fresh 12-partition topic with `drain_once()`: read batches past the checkpoint, map
each event to its public form, send with key = stream id and CloudEvents headers, await every
ack, move the checkpoint. Each round of the baseline is a bare idempotent `acks=all`
AIOKafkaProducer, with the same linger and batch size, sending as many records of the same
size, key set and headers (prepared in memory before the clock starts) to a fresh topic, with
up to `WINDOW` sends in flight: no database, no mapping, no checkpoint.
Figure = records acknowledged per second.
"""

from __future__ import annotations

import collections
import time
from datetime import UTC, datetime
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.infra import (
    EVENT_TYPE,
    BenchRecordedV1,
    admin_dsn,
    app_dsn,
    bootstrap,
    create_topics,
    delete_topics,
    event_data,
    field_default,
    fresh_schema,
    unique,
)
from eventkit.relay import Relay, install_relay
from eventkit.store import (
    NewEvent,
    PostgresEventStore,
    RecordedEvent,
    create_pool,
    install_event_store,
)
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.registry import encode

TITLE = "relay draining a backlog vs raw aiokafka producer"
RELAY_BATCH = int(field_default(Relay, "batch_size"))
RELAY_IN_FLIGHT = RELAY_BATCH * int(field_default(Relay, "in_flight_batches"))
# The relay's own producer settings (eventkit.relay.Relay._producer) are idempotent, acks=all,
# linger 5 ms, aiokafka's default batch of 16 KiB; both sides get exactly these.
DEFAULT_LINGER_MS = 5
DEFAULT_MAX_BATCH_SIZE = 16384
WINDOW = 10_000
FILL_BATCH = 1000


def targets() -> list[Target]:
    return [Target("relay/raw aiokafka >= 0.5x", "ratio", "higher", 0.5)]


def to_public(event: RecordedEvent) -> list[PublicEvent]:
    d = event.data
    return [
        BenchRecordedV1(
            candidate_id=d["candidate_id"],
            district_code=d["district_code"],
            registered_at=d["registered_at"],
            cohort=d["cohort"],
            seq=d["seq"],
            appended_at=d.get("appended_at"),
        )
    ]


def producer_options(cfg: Config) -> dict[str, Any]:
    return {
        "linger_ms": cfg.linger_ms if cfg.linger_ms is not None else DEFAULT_LINGER_MS,
        "max_batch_size": (
            cfg.max_batch_size if cfg.max_batch_size is not None else DEFAULT_MAX_BATCH_SIZE
        ),
    }


async def fill_backlog(store: PostgresEventStore, n: int, tag: str = "rel") -> float:
    """Append n events, one per new stream, with append_many; returns events/s."""
    started = time.perf_counter()
    for i in range(0, n, FILL_BATCH):
        await store.append_many(
            [
                (f"{tag}-{seq}", 0, [NewEvent(EVENT_TYPE, event_data(seq))])
                for seq in range(i, min(n, i + FILL_BATCH))
            ]
        )
    return n / (time.perf_counter() - started)


def template_records(events: list[RecordedEvent]) -> list[tuple[bytes, bytes, list[Any]]]:
    """(key, value, headers) as the relay would publish them, for the raw producer."""
    records = []
    for event in events:
        public = to_public(event)[0]
        envelope = Envelope(
            id=event.event_id,
            source=public.source(),
            type=public.ce_type(),
            time=datetime.now(UTC),
            subject=event.stream_id,
        )
        records.append((event.stream_id.encode(), encode(public), envelope.to_headers()))
    return records


async def raw_produce(
    topic: str, n: int, templates: list[tuple[bytes, bytes, list[Any]]], options: dict[str, Any]
) -> float:
    """Send n records cycling over the templates; returns acknowledged records per second.
    Producer start and stop are inside the clock, as they are in Relay.drain_once."""
    started = time.perf_counter()
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap(), enable_idempotence=True, acks="all", **options
    )
    await producer.start()
    try:
        in_flight: collections.deque[Any] = collections.deque()
        count = len(templates)
        for i in range(n):
            key, value, headers = templates[i % count]
            in_flight.append(await producer.send(topic, value=value, key=key, headers=headers))
            if len(in_flight) >= WINDOW:
                await in_flight.popleft()
        while in_flight:
            await in_flight.popleft()
    finally:
        await producer.stop()
    return n / (time.perf_counter() - started)


async def _arm(cfg: Config) -> list[ArmResult]:
    n = cfg.relay_events
    options = producer_options(cfg)
    ours_side = Side("ours (Relay.drain_once)", "records/s")
    base_side = Side("raw aiokafka producer", "records/s")
    async with fresh_schema("relay") as schema:
        admin = await asyncpg.connect(admin_dsn())
        try:
            await install_event_store(admin, schema)
            await install_relay(admin, schema)
        finally:
            await admin.close()
        pool = await create_pool(app_dsn(), min_size=2, max_size=4)
        created: list[str] = []
        try:
            store = PostgresEventStore(pool, schema)
            say(f"  filling a backlog of {n:,} events with append_many ...")
            fill_rate = await fill_backlog(store, n)
            say(f"  backlog filled at {fill_rate:,.0f} events/s")
            templates = template_records(await store.read_all(0, RELAY_BATCH))

            async def ours(round_no: int) -> Sample:
                topic = f"bench.relay.{unique('ours')}"
                await create_topics([topic])
                created.append(topic)
                relay = Relay(
                    pool,
                    schema,
                    bootstrap(),
                    topic,
                    to_public,
                    name=f"bench-{round_no}",
                    batch_size=RELAY_BATCH,
                    producer_options=options,
                )
                started = time.perf_counter()
                relayed = await relay.drain_once()
                elapsed = time.perf_counter() - started
                await delete_topics([topic])
                if relayed != n:
                    raise RuntimeError(f"relay drained {relayed} events, expected {n}")
                return Sample(
                    relay.published / elapsed,
                    {"events": relayed, "records": relay.published, "seconds": round(elapsed, 3)},
                )

            async def baseline(_: int) -> Sample:
                topic = f"bench.relay.{unique('raw')}"
                await create_topics([topic])
                created.append(topic)
                started = time.perf_counter()
                rate = await raw_produce(topic, n, templates, options)
                elapsed = time.perf_counter() - started
                await delete_topics([topic])
                return Sample(rate, {"records": n, "seconds": round(elapsed, 3)})

            await interleave(
                cfg.relay_rounds,
                ours,
                baseline,
                label="relay",
                ours_side=ours_side,
                baseline_side=base_side,
            )
        finally:
            await pool.close()
            await delete_topics(created)
    result = ArmResult(
        arm="relay",
        title=TITLE,
        ours=ours_side,
        baseline=base_side,
        targets=targets(),
        settings={
            "backlog_events": n,
            "rounds": cfg.relay_rounds,
            "relay_batch_size": RELAY_BATCH,
            "producer": {"enable_idempotence": True, "acks": "all", **options},
            "partitions": 12,
            "raw_in_flight_window": WINDOW,
            "relay_in_flight_window": RELAY_IN_FLIGHT,
            "backlog_fill_rate_events_per_s": round(fill_rate),
        },
        notes=[f"backlog filled with append_many at {fill_rate:,.0f} events/s"],
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[relay]")
    return await run_guarded("relay", TITLE, targets, lambda: _arm(cfg))
