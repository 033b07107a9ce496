"""Arm a: single-event appends, ours vs the `eventsourcing` library's PostgreSQL recorder.

One command = one new stream with one event (a registration creates a candidate). Ours:
`PostgresEventStore.append(stream, 0, [event])` from asyncio tasks sharing an asyncpg pool of
as many connections as clients. Baseline: eventsourcing 9.5.6's `PostgresApplicationRecorder`
(the recorder behind its applications' notification log, which, like ours, orders the log
gap-free: it takes an EXCLUSIVE table lock per insert) called from as many threads as clients,
on its psycopg pool of as many connections. Both encode the same JSON payload per command; the
library's mapper/transcoder is not in the loop (the recorder is called with StoredEvents), which
favours the baseline. Each side runs for a fixed time per round; figure = appends per second.
"""

from __future__ import annotations

import asyncio
import functools
import json
import threading
import time
import uuid
from typing import Any

import asyncpg

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.infra import EVENT_TYPE, app_dsn, event_data, fresh_schema, settings
from eventkit.store import NewEvent, PostgresEventStore, create_pool, install_event_store

TITLE = "append, one event per command: event store vs eventsourcing PostgreSQL recorder"
ES_TOPIC = "bench.arm_append:Recorded"


def targets_for(clients: int) -> list[Target]:
    threshold = 1.0 if clients == 1 else 2.5
    return [
        Target(
            f"ours/eventsourcing >= {threshold}x at {clients} client(s)",
            "ratio",
            "higher",
            threshold,
        )
    ]


def targets() -> list[Target]:
    return targets_for(1) + targets_for(16)


async def _ours(store: PostgresEventStore, clients: int, seconds: float) -> Sample:
    counts = [0] * clients
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client(i: int) -> None:
        seq = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await store.append(f"cand-{uuid.uuid4()}", 0, [NewEvent(EVENT_TYPE, event_data(seq))])
            latencies.append(time.perf_counter() - started)
            seq += 1
        counts[i] = seq

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - started
    return Sample(sum(counts) / elapsed, _detail(sum(counts), elapsed, latencies))


def _baseline_threads(recorder: Any, clients: int, seconds: float) -> Sample:
    from eventsourcing.persistence import StoredEvent  # the bench group only

    counts = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    deadline_box: list[float] = []

    def client(i: int) -> None:
        barrier.wait()
        deadline = deadline_box[0]
        seq = 0
        own = latencies[i]
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            recorder.insert_events(
                [
                    StoredEvent(
                        originator_id=uuid.uuid4(),
                        originator_version=1,
                        topic=ES_TOPIC,
                        state=json.dumps(event_data(seq)).encode(),
                    )
                ]
            )
            own.append(time.perf_counter() - started)
            seq += 1
        counts[i] = seq

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline_box.append(started + seconds)
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = [x for per in latencies for x in per]
    return Sample(sum(counts) / elapsed, _detail(sum(counts), elapsed, flat))


def _detail(count: int, elapsed: float, latencies: list[float]) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 3)

    return {
        "appends": count,
        "seconds": round(elapsed, 3),
        "latency_ms_p50": pct(0.50),
        "latency_ms_p99": pct(0.99),
    }


def _eventsourcing_recorder(schema: str, clients: int) -> tuple[Any, Any]:
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

    s = settings()
    # The library's own configuration, same database, schema of its own, admin user as briefed.
    url = s.pg_admin_url.removeprefix("postgresql://")
    userinfo, _, hostport = url.partition("@")
    user, _, password = userinfo.partition(":")
    host, _, port = hostport.partition(":")
    datastore = PostgresDatastore(
        dbname="kompeten_test",
        host=host,
        port=port or "5432",
        user=user,
        password=password,
        pool_size=clients,
        max_overflow=0,
        schema=schema,
    )
    recorder = PostgresApplicationRecorder(datastore)
    recorder.create_table()
    datastore.pool.open(wait=True, timeout=30)
    return datastore, recorder


async def _arm(cfg: Config, clients: int) -> list[ArmResult]:
    seconds = cfg.append_seconds
    ours_side = Side("ours (PostgresEventStore.append)", "appends/s")
    base_side = Side("eventsourcing PostgresApplicationRecorder", "appends/s")
    async with fresh_schema("append_ours") as ours_schema, fresh_schema("append_es") as es_schema:
        admin = await asyncpg.connect(settings().admin_dsn("kompeten_test"))
        try:
            await install_event_store(admin, ours_schema)
        finally:
            await admin.close()
        pool = await create_pool(app_dsn(), min_size=clients, max_size=clients)
        datastore, recorder = await asyncio.to_thread(_eventsourcing_recorder, es_schema, clients)
        try:
            store = PostgresEventStore(pool, ours_schema)
            # Warm-up: connections open, statements prepared, caches filled, on both sides.
            await _ours(store, clients, min(1.0, seconds / 2))
            await asyncio.to_thread(_baseline_threads, recorder, clients, min(1.0, seconds / 2))

            async def ours(_: int) -> Sample:
                return await _ours(store, clients, seconds)

            async def baseline(_: int) -> Sample:
                return await asyncio.to_thread(_baseline_threads, recorder, clients, seconds)

            await interleave(
                cfg.rounds,
                ours,
                baseline,
                label=f"append x{clients}",
                ours_side=ours_side,
                baseline_side=base_side,
            )
        finally:
            await pool.close()
            await asyncio.to_thread(datastore.close)
    result = ArmResult(
        arm=f"append-{clients}",
        title=f"{TITLE} ({clients} client{'s' if clients > 1 else ''})",
        ours=ours_side,
        baseline=base_side,
        targets=targets_for(clients),
        settings={
            "clients": clients,
            "seconds_per_round": seconds,
            "rounds": cfg.rounds,
            "ours": f"{clients} asyncio task(s), asyncpg pool of {clients}, user kompeten_app",
            "baseline": (
                f"{clients} thread(s), psycopg pool of {clients}, user kompeten_admin, "
                "PostgresApplicationRecorder.insert_events([StoredEvent]) per command"
            ),
            "event": "one event per new stream, JSON payload ~300 bytes",
        },
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    results: list[ArmResult] = []
    for clients in (1, cfg.append_clients):
        say(f"[append] {clients} client(s)")
        results += await run_guarded(
            f"append-{clients}",
            TITLE,
            functools.partial(targets_for, clients),
            functools.partial(_arm, cfg, clients),
        )
    return results
