"""Arm d: the inbox consumer applying a projection vs raw aiokafka consumption, no handler.

One topic (12 partitions) is filled once with `consumer_events` CloudEvents records, each with
its own ce_id and the traceparent of a command of its own, as the relay publishes them (with
tracing on, that command's span is sampled by the process's sampler: the services' production
default, ParentBased(TraceIdRatioBased(0.01)), unless `OTEL_TRACES_SAMPLER` says otherwise).
Each round of ours is an `InboxConsumer` in a new group with a new subscription: per poll (all
its partitions), one transaction claims the ids in the inbox and runs the batch handler, which
writes the read-model rows of all newly claimed events with one INSERT ... SELECT FROM unnest
into a fresh table; the offsets of every partition of the poll are committed after the
transaction. The same consumer with a per-message
handler (one INSERT per event) is measured in each round too, as an extra figure. Each round of
the baseline is a bare AIOKafkaConsumer in a new group (same consumer settings as the inbox:
manual commit, earliest, getmany of up to 1000, the inbox's poll with a batch handler) that only
counts the records. Figure = records
per second from the first record seen to the last one done (group join time, the same for both,
is left out and recorded in the round's detail).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from opentelemetry import trace

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, fmt, interleave, run_guarded, say
from bench.infra import (
    BenchRecordedV1,
    admin_dsn,
    admin_execute,
    app_dsn,
    bootstrap,
    event_data,
    field_default,
    fresh_schema,
    topics,
    unique,
)
from eventkit.inbox import BATCH_MAX_RECORDS, InboundMessage, InboxConsumer, install_inbox
from eventkit.store import create_pool
from eventkit.store.schema import Conn
from eventkit.telemetry import current_traceparent
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.registry import encode

TITLE = "inbox consumer with projection vs raw aiokafka consumer"
# The inbox consumer's own defaults, which the raw baseline uses too.
MAX_RECORDS = BATCH_MAX_RECORDS  # a batch handler's poll size
POLL_MS = int(field_default(InboxConsumer, "poll_timeout_ms"))
DEADLINE_S = 600.0


def targets() -> list[Target]:
    return [
        Target("consumer/raw aiokafka >= 0.15x", "ratio", "higher", 0.15),
        Target("consumer >= 10,000 events/s", "ours", "higher", 10_000),
    ]


def public_record(
    seq: int, appended_at: float | None = None, traceparent: str | None = None
) -> tuple[bytes, bytes, list[Any]]:
    """(key, value, headers) of one bench event, as the relay publishes it."""
    data = event_data(seq, appended_at)
    public = BenchRecordedV1(**{k: v for k, v in data.items() if k != "sealed_personal_data"})
    stream = f"cand-{data['candidate_id']}"
    envelope = Envelope(
        id=uuid.uuid4(),
        source=public.source(),
        type=public.ce_type(),
        time=datetime.now(UTC),
        subject=stream,
        traceparent=traceparent,
    )
    return stream.encode(), encode(public), envelope.to_headers()


def command_traceparent() -> str | None:
    """The context of a command of its own, as the relay stores each event's: a root span
    under the process's sampler (see the module's docstring), so its sampled flag is what a
    production record would carry. None without tracing, as a service without tracing stores
    none."""
    with trace.get_tracer("bench").start_as_current_span("command"):
        return current_traceparent()


async def prefill(topic: str, n: int) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap(), enable_idempotence=True, acks="all", linger_ms=5
    )
    await producer.start()
    try:
        pending = []
        for seq in range(n):
            key, value, headers = public_record(seq, traceparent=command_traceparent())
            pending.append(await producer.send(topic, value=value, key=key, headers=headers))
            if len(pending) >= 10_000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


PROJECTION_DDL = """
CREATE TABLE {table} (
    event_id uuid PRIMARY KEY,
    candidate_id uuid NOT NULL,
    district_code text NOT NULL,
    seq int NOT NULL,
    appended_at double precision,
    recorded_at timestamptz,
    projected_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
GRANT SELECT, INSERT, UPDATE ON {table} TO kompeten_app;
"""


# No ON CONFLICT in the projection's statements: the inbox claim, in the same transaction,
# already gives each event to the handler once (and the primary key would refuse a second).
INSERT_COLUMNS = "(event_id, candidate_id, district_code, seq, appended_at, recorded_at)"


def projection_handler(table: str) -> Any:
    sql = f"INSERT INTO {table} {INSERT_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6::text::timestamptz)"

    async def handle(tx: Conn, message: InboundMessage) -> None:
        p = message.payload
        await tx.execute(
            sql,
            message.event_id,
            p["candidate_id"],
            p["district_code"],
            p["seq"],
            p.get("appended_at"),
            message.header("ce_time"),
        )

    return handle


def projection_batch_handler(table: str) -> Any:
    """The projection as a batch handler, as a service's read model would be written: every
    newly claimed event of a poll in one INSERT ... SELECT FROM unnest, one array per column.
    Ids and times go as the text they came as (the JSON's, the headers'): asyncpg and
    PostgreSQL parse them in C, where uuid.UUID and building the envelope are Python."""
    sql = (
        f"INSERT INTO {table} {INSERT_COLUMNS}"
        " SELECT e, c, d, s, a, r::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::text[],"
        " $4::int[], $5::double precision[], $6::text[]) AS u(e, c, d, s, a, r)"
    )

    async def handle(tx: Conn, messages: Sequence[InboundMessage]) -> None:
        ids, candidates, districts, seqs, appended, recorded = [], [], [], [], [], []
        for m in messages:
            p = m.payload
            ids.append(m.event_id)
            candidates.append(p["candidate_id"])
            districts.append(p["district_code"])
            seqs.append(p["seq"])
            appended.append(p.get("appended_at"))
            recorded.append(m.header("ce_time"))
        await tx.execute(sql, ids, candidates, districts, seqs, appended, recorded)

    return handle


async def raw_consume(topic: str, n: int) -> Sample:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap(),
        group_id=unique("bench-raw"),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    started = time.perf_counter()
    await consumer.start()
    try:
        count = 0
        first: float | None = None
        deadline = started + DEADLINE_S
        while count < n:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"raw consumer saw {count} of {n} records in {DEADLINE_S}s")
            batches = await consumer.getmany(timeout_ms=POLL_MS, max_records=MAX_RECORDS)
            for records in batches.values():
                if first is None:
                    first = time.perf_counter()
                count += len(records)
        done = time.perf_counter()
    finally:
        await consumer.stop()
    assert first is not None
    return Sample(
        n / (done - first),
        {
            "records": count,
            "seconds": round(done - first, 3),
            "with_join": round(done - started, 3),
        },
    )


async def _arm(cfg: Config) -> list[ArmResult]:
    n = cfg.consumer_events
    ours_side = Side("ours (InboxConsumer + projection)", "events/s")
    base_side = Side("raw aiokafka consumer, no handler", "records/s")
    each_side = Side("ours, per-message handler (INSERT per event)", "events/s")
    async with fresh_schema("consumer") as schema, topics("consumer", "dlt") as (topic, dlt):
        admin = await asyncpg.connect(admin_dsn())
        try:
            await install_inbox(admin, schema)
        finally:
            await admin.close()
        say(f"  filling {topic} with {n:,} records ...")
        await prefill(topic, n)
        pool = await create_pool(app_dsn())
        try:

            async def inbox_round(round_no: int, batch: bool) -> Sample:
                table = f'"{schema}".proj_{round_no}_{"batch" if batch else "each"}'
                await admin_execute(PROJECTION_DDL.format(table=table))
                first: list[float] = []

                def seen() -> None:
                    if not first:
                        first.append(time.perf_counter())

                each_handler = projection_handler(table)
                batch_handler = projection_batch_handler(table)

                async def timed(tx: Conn, message: InboundMessage) -> None:
                    seen()
                    await each_handler(tx, message)

                async def timed_batch(tx: Conn, messages: Sequence[InboundMessage]) -> None:
                    seen()
                    await batch_handler(tx, messages)

                consumer = InboxConsumer(
                    pool,
                    schema,
                    bootstrap(),
                    [topic],
                    group_id=unique("bench-inbox"),
                    subscription=f"bench-{round_no}-{'batch' if batch else 'each'}",
                    handler=None if batch else timed,
                    batch_handler=timed_batch if batch else None,
                    dead_letter_topic=dlt,
                )
                started = time.perf_counter()
                task = asyncio.create_task(consumer.run())
                deadline = started + DEADLINE_S
                try:
                    while consumer.outcomes["handled"] < n:
                        if task.done() or time.perf_counter() > deadline:
                            raise RuntimeError(
                                f"inbox consumer handled {dict(consumer.outcomes)} of {n}"
                            )
                        await asyncio.sleep(0.005)
                    done = time.perf_counter()
                finally:
                    await consumer.stop()
                    await task
                rows = await pool.fetchval(f"SELECT count(*) FROM {table}")
                if rows != n:
                    raise RuntimeError(f"projection has {rows} rows, expected {n}")
                return Sample(
                    n / (done - first[0]),
                    {
                        "events": n,
                        "seconds": round(done - first[0], 3),
                        "with_join": round(done - started, 3),
                        "outcomes": dict(consumer.outcomes),
                    },
                )

            async def ours(round_no: int) -> Sample:
                sample = await inbox_round(round_no, batch=True)
                each = await inbox_round(round_no, batch=False)
                each_side.samples.append(each)
                say(f"  consumer round {round_no + 1}: per-message handler {fmt(each.value)}")
                return sample

            async def baseline(_: int) -> Sample:
                return await raw_consume(topic, n)

            await interleave(
                cfg.rounds,
                ours,
                baseline,
                label="consumer",
                ours_side=ours_side,
                baseline_side=base_side,
            )
        finally:
            await pool.close()
    result = ArmResult(
        arm="consumer",
        title=TITLE,
        ours=ours_side,
        baseline=base_side,
        targets=targets(),
        extra_figures={"per_message": each_side},
        settings={
            "records_per_round": n,
            "rounds": cfg.rounds,
            "partitions": 12,
            "max_records": MAX_RECORDS,
            "handler": "batch handler: one INSERT ... SELECT FROM unnest of the read-model rows"
            " of all newly claimed events of a poll, in the inbox transaction",
            "per_message": "extra figure: per-message handler, one INSERT per event",
            "figure": "records / (last done - first seen): group join excluded on both sides",
            "traceparent": "each record its own command's, sampled by the process's sampler"
            " (settings.tracing)",
        },
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[consumer]")
    return await run_guarded("consumer", TITLE, targets, lambda: _arm(cfg))
