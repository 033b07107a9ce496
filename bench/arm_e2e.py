"""Arm e: end to end, append -> relay -> Kafka -> inbox consumer -> projection row.

A "service" schema holds an event store; a relay publishes it to a fresh topic; an inbox
consumer in a "consumer" schema writes one projection row per event. Relay and consumer run in
a child process (`bench.e2e_host`, the shape of a service process; its RSS is sampled too).
This process offers `e2e_rate` commands per second, open loop: command i starts at
t0 + i/rate whether or not earlier ones finished, each appending one event to a new stream
with the wall-clock time of the append in its data. The projection row stores
clock_timestamp() at its INSERT, inside the inbox transaction that commits right after the
batch. Latency = projected_at - appended_at (same host clock). No baseline: the targets are
absolute. Figures: p50 and p99 per round, median over rounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg

from bench.arm_consumer import PROJECTION_DDL
from bench.config import Config
from bench.harness import ROOT, ArmResult, Sample, Side, Target, run_guarded, say
from bench.infra import (
    EVENT_TYPE,
    admin_dsn,
    app_dsn,
    event_data,
    fresh_schema,
    topics,
    unique,
)
from bench.rss import sampling
from eventkit.inbox import install_inbox
from eventkit.relay import install_relay
from eventkit.store import NewEvent, PostgresEventStore, create_pool, install_event_store

TITLE = "end to end: append -> relay -> Kafka -> inbox -> projection, paced open-loop load"
PRODUCER_POOL = 16
WARMUP_EVENTS = 50
DRAIN_DEADLINE_S = 120.0
SEQ_STRIDE = 10_000_000  # round r's events carry seq r * SEQ_STRIDE + i


def targets() -> list[Target]:
    return [
        Target("p50 <= 25 ms", "ours", "lower", 25.0),
        Target("p99 <= 250 ms", "p99", "lower", 250.0),
    ]


@contextlib.asynccontextmanager
async def host_process(
    service_schema: str, consumer_schema: str, topic: str, dlt: str, tracing: bool
) -> AsyncIterator[asyncio.subprocess.Process]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.e2e_host",
        "--service-schema",
        service_schema,
        "--consumer-schema",
        consumer_schema,
        "--topic",
        topic,
        "--dlt",
        dlt,
        "--group",
        unique("bench-e2e"),
        *([] if tracing else ["--no-tracing"]),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        if line.strip() != b"ready":
            raise RuntimeError(f"e2e host did not start (said {line!r}, exit {proc.returncode})")
        yield proc
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def offer(
    store: PostgresEventStore, tag: str, first_seq: int, rate: float, seconds: float
) -> dict[str, Any]:
    """Open-loop load: command i starts at t0 + i/rate and carries seq first_seq + i."""
    n = int(rate * seconds)
    tasks: list[asyncio.Task[Any]] = []
    late: list[float] = []
    failures: list[BaseException] = []

    async def command(i: int) -> None:
        data = event_data(first_seq + i, appended_at=time.time())
        await store.append(f"{tag}-{i}", 0, [NewEvent(EVENT_TYPE, data)])

    loop = asyncio.get_running_loop()
    t0 = loop.time()
    for i in range(n):
        due = t0 + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            late.append(-delay)
        tasks.append(asyncio.create_task(command(i)))
    offered_for = loop.time() - t0
    for result in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(result, BaseException):
            failures.append(result)
    if failures:
        raise RuntimeError(f"{len(failures)} appends failed, first: {failures[0]!r}")
    return {
        "commands": n,
        "offered_rate": round(n / offered_for, 1) if offered_for else None,
        "max_schedule_lag_ms": round(max(late, default=0.0) * 1000, 2),
    }


async def wait_projected(pool: Any, table: str, expected: int, deadline_s: float) -> float:
    deadline = time.monotonic() + deadline_s
    started = time.monotonic()
    while True:
        count = await pool.fetchval(f"SELECT count(*) FROM {table}")
        if count >= expected:
            return time.monotonic() - started
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {count} of {expected} events projected in {deadline_s}s")
        await asyncio.sleep(0.1)


LATENCY_SQL = """
SELECT (extract(epoch FROM projected_at) - appended_at) * 1000 AS ms,
       (extract(epoch FROM recorded_at) - appended_at) * 1000 AS to_append_tx_ms
FROM {table} WHERE seq >= $1 AND seq < $2 ORDER BY ms
"""


def percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


@dataclass
class Pipeline:
    """Arm e's set-up, warmed up: the producer's store, the projection table, the host."""

    pool: Any
    store: PostgresEventStore
    table: str
    host: asyncio.subprocess.Process
    projected: int = 0

    async def load_round(self, round_no: int, rate: float, seconds: float) -> list[Any]:
        """Offer one round of load, wait until all of it is projected; latency rows, sorted."""
        tag = f"r{round_no}-{uuid.uuid4().hex[:6]}"
        first_seq = round_no * SEQ_STRIDE
        offered = await offer(self.store, tag, first_seq, rate, seconds)
        self.projected += offered["commands"]
        drain = await wait_projected(self.pool, self.table, self.projected, DRAIN_DEADLINE_S)
        rows = await self.pool.fetch(
            LATENCY_SQL.format(table=self.table), first_seq, first_seq + offered["commands"]
        )
        ms = [float(r["ms"]) for r in rows]
        tx = sorted(float(r["to_append_tx_ms"]) for r in rows)
        detail = {
            **offered,
            "projected": len(ms),
            "drain_after_load_s": round(drain, 2),
            # From appended_at to the start of the append's transaction (recorded_at):
            # waiting for a pooled connection, the client, the log head lock.
            "to_append_tx_ms_p50": round(percentile(tx, 0.5), 2),
            "to_append_tx_ms_p99": round(percentile(tx, 0.99), 2),
        }
        return [ms, detail]


@contextlib.asynccontextmanager
async def pipeline(tracing: bool = True) -> AsyncIterator[Pipeline]:
    async with (
        fresh_schema("e2e_service") as service_schema,
        fresh_schema("e2e_consumer") as consumer_schema,
        topics("e2e", "e2e_dlt") as (topic, dlt),
    ):
        table = f'"{consumer_schema}".projection'
        admin = await asyncpg.connect(admin_dsn())
        try:
            await install_event_store(admin, service_schema)
            await install_relay(admin, service_schema)
            await install_inbox(admin, consumer_schema)
            await admin.execute(PROJECTION_DDL.format(table=table))
        finally:
            await admin.close()
        pool = await create_pool(app_dsn(), min_size=PRODUCER_POOL, max_size=PRODUCER_POOL)
        store = PostgresEventStore(pool, service_schema)
        try:
            async with host_process(service_schema, consumer_schema, topic, dlt, tracing) as proc:
                # Warm-up: the consumer joins its group and everything connects.
                say("  warming up (consumer group join, connections) ...")
                for i in range(WARMUP_EVENTS):
                    await store.append(
                        f"warm-{uuid.uuid4().hex}",
                        0,
                        [NewEvent(EVENT_TYPE, event_data(-1 - i, time.time()))],
                    )
                await wait_projected(pool, table, WARMUP_EVENTS, DRAIN_DEADLINE_S)
                yield Pipeline(pool, store, table, proc, projected=WARMUP_EVENTS)
        finally:
            await pool.close()


async def _arm(cfg: Config) -> list[ArmResult]:
    p50 = Side("ours p50 latency", "ms")
    p99 = Side("ours p99 latency", "ms")
    worst = Side("ours max latency", "ms")
    host_rss = Side("e2e host process RSS (steady)", "MB")
    async with pipeline(cfg.tracing) as pipe:
        async with sampling([pipe.host.pid, os.getpid()]) as series:
            for round_no in range(cfg.e2e_rounds):
                ms, detail = await pipe.load_round(round_no, cfg.e2e_rate, cfg.e2e_seconds)
                p50.samples.append(Sample(percentile(ms, 0.50), detail))
                p99.samples.append(Sample(percentile(ms, 0.99), detail))
                worst.samples.append(Sample(ms[-1] if ms else float("nan"), detail))
                say(
                    f"  e2e round {round_no + 1}/{cfg.e2e_rounds}: "
                    f"p50 {percentile(ms, 0.5):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, "
                    f"max {ms[-1]:.1f} ms, offered {detail['offered_rate']}/s, append "
                    f"queueing p50 {detail['to_append_tx_ms_p50']} ms"
                )
        host_rss.samples.append(
            Sample(series[0].steady, {**series[0].summary(), "bench_process": series[1].summary()})
        )
    result = ArmResult(
        arm="e2e",
        title=TITLE,
        ours=p50,
        baseline=None,
        targets=targets(),
        extra_figures={"p99": p99, "max": worst, "host_rss": host_rss},
        settings={
            "rate_per_s": cfg.e2e_rate,
            "seconds_per_round": cfg.e2e_seconds,
            "rounds": cfg.e2e_rounds,
            "producer_pool": PRODUCER_POOL,
            "partitions": 12,
            "host": "relay + inbox consumer in one child process (bench.e2e_host)",
            "latency": "projected_at (clock_timestamp() at INSERT, in the inbox transaction) "
            "- appended_at (time.time() just before append)",
        },
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[e2e]")
    return await run_guarded("e2e", TITLE, targets, lambda: _arm(cfg))
