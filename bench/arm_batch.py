"""Arm b: batch append (the cohort-import path) vs raw asyncpg COPY of the same rows.

Ours: `PostgresEventStore.append_many` in batches of `batch_size` new streams, one event each
(one imported candidate = one stream), so versions are checked, positions and the hash chain
computed, the head moved and the notification sent. Baseline: `copy_records_to_table` of the
same columns (stream id, version, event id, type, schema version, data and metadata as JSON)
into a plain table with no key, no index, no trigger, in batches of the same size: the fastest
way PostgreSQL takes rows from asyncpg. Both encode the JSON inside the timed section.
Figure = events per second over `batch_events` events per round.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import asyncpg

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.infra import EVENT_TYPE, admin_dsn, app_dsn, event_data, fresh_schema
from eventkit.store import NewEvent, PostgresEventStore, create_pool, install_event_store

TITLE = "batch append (cohort import): append_many vs raw asyncpg COPY"
COLUMNS = [
    "stream_id",
    "stream_version",
    "event_id",
    "event_type",
    "schema_version",
    "data",
    "metadata",
]


def targets() -> list[Target]:
    return [
        Target("ours/COPY >= 0.25x", "ratio", "higher", 0.25),
        Target("ours >= 50,000 events/s", "ours", "higher", 50_000),
    ]


def _payloads(n: int) -> list[dict[str, Any]]:
    return [event_data(i) for i in range(n)]


async def _arm(cfg: Config) -> list[ArmResult]:
    n, size = cfg.batch_events, cfg.batch_size
    ours_side = Side("ours (PostgresEventStore.append_many)", "events/s")
    base_side = Side("asyncpg copy_records_to_table", "events/s")
    async with fresh_schema("batch") as schema:
        admin = await asyncpg.connect(admin_dsn())
        try:
            await install_event_store(admin, schema)
            await admin.execute(
                f"""CREATE TABLE "{schema}".copy_target (
                    stream_id text, stream_version int, event_id uuid, event_type text,
                    schema_version int, data jsonb, metadata jsonb,
                    recorded_at timestamptz DEFAULT now());
                GRANT SELECT, INSERT ON "{schema}".copy_target TO kompeten_app"""
            )
        finally:
            await admin.close()
        pool = await create_pool(app_dsn(), min_size=1, max_size=1)
        # The baseline's connection has no JSON codec: COPY takes jsonb as text, so it gets
        # json.dumps output, the same work the store does before its call.
        raw = await asyncpg.connect(app_dsn())
        store = PostgresEventStore(pool, schema)
        try:

            async def run_ours(total: int, tag: str) -> Sample:
                payloads = _payloads(total)
                batches = [
                    [
                        (f"imp-{tag}-{uuid.uuid4().hex}", 0, [NewEvent(EVENT_TYPE, data)])
                        for data in payloads[i : i + size]
                    ]
                    for i in range(0, total, size)
                ]
                started = time.perf_counter()
                for batch in batches:
                    await store.append_many(batch)
                elapsed = time.perf_counter() - started
                return Sample(total / elapsed, {"events": total, "seconds": round(elapsed, 3)})

            async def run_base(total: int, tag: str) -> Sample:
                payloads = _payloads(total)
                ids = [(f"imp-{tag}-{uuid.uuid4().hex}", uuid.uuid4()) for _ in range(total)]
                started = time.perf_counter()
                for i in range(0, total, size):
                    records = [
                        (sid, 1, eid, EVENT_TYPE, 1, json.dumps(data), "{}")
                        for (sid, eid), data in zip(
                            ids[i : i + size], payloads[i : i + size], strict=True
                        )
                    ]
                    await raw.copy_records_to_table(
                        "copy_target", schema_name=schema, columns=COLUMNS, records=records
                    )
                elapsed = time.perf_counter() - started
                return Sample(n / elapsed, {"events": n, "seconds": round(elapsed, 3)})

            async def ours(round_no: int) -> Sample:
                return await run_ours(n, f"r{round_no}")

            async def baseline(round_no: int) -> Sample:
                return await run_base(n, f"r{round_no}")

            # Warm-up: one batch each (connections, prepared statements, plans).
            await run_ours(size, "warm")
            await run_base(size, "warm")
            await interleave(
                cfg.rounds,
                ours,
                baseline,
                label="batch",
                ours_side=ours_side,
                baseline_side=base_side,
            )
            count = await raw.fetchval(f'SELECT count(*) FROM "{schema}".events')
            copied = await raw.fetchval(f'SELECT count(*) FROM "{schema}".copy_target')
        finally:
            await raw.close()
            await pool.close()
    notes = []
    expected = n * cfg.rounds + size
    if count != expected or copied != expected:
        notes.append(f"row counts off: events {count}, copied {copied}, expected {expected}")
    result = ArmResult(
        arm="batch",
        title=TITLE,
        ours=ours_side,
        baseline=base_side,
        targets=targets(),
        settings={
            "events_per_round": n,
            "batch_size": size,
            "rounds": cfg.rounds,
            "shape": "one event per new stream",
            "baseline_table": "plain heap, no key, no index",
        },
        notes=notes,
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[batch]")
    return await run_guarded("batch", TITLE, targets, lambda: _arm(cfg))
