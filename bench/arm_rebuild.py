"""Arm h: rebuilding registration's read models from a national-shaped log vs a bare read of it.

The log (`--rebuild-candidates` journeys, default 20,000: ~208,000 events, ~68,000 of the
progress view's types; bench/registration_log.py) is appended once to a fresh schema with the
service's own install. Ours: `registration.rebuild.rebuild("progress_view", ...)`, what
`python -m registration.rebuild progress_view` runs (a pool of the tables' owner, the
runner's defaults): read the projection's event types in batches, decode them with the
registry, fold and write each batch with a few set-based statements into fresh tables, swap
them in. Baseline: a bare read of the same log on one connection with no handler: the same
`read_types` calls (same types, same batch size) until the head; nothing decoded beyond
asyncpg's JSON, nothing written. Figure = events of the projection's types per second.
Extra figures: log positions covered per second by ours, and every registration read model's
rebuild (events of its types per second).
"""

from __future__ import annotations

import time
from typing import Any

import asyncpg

from bench.config import Config
from bench.harness import (
    TEST_DATABASE,
    ArmResult,
    Sample,
    Side,
    Target,
    interleave,
    run_guarded,
    say,
)
from bench.infra import admin_dsn, app_dsn, field_default, fresh_schema
from bench.registration_log import counted, fill
from eventkit.projection import ProjectionRunner
from eventkit.store import PostgresEventStore, create_pool
from registration.cohorts.adapters.progress_view import ProgressView
from registration.rebuild import PROJECTIONS
from registration.rebuild import rebuild as rebuild_read_model
from registration.shared.adapters.postgres import install

TITLE = "rebuild of the progress view (typed, batched) vs a bare read of the same log"
TARGET = 10_700.0  # 19.2 million events in 30 minutes
REPLAY_BATCH = int(field_default(ProjectionRunner, "replay_batch_size"))


def targets() -> list[Target]:
    return [Target(f"ours >= {TARGET:,.0f} events/s", "ours", "higher", TARGET)]


async def rebuild(name: str, schema: str) -> float:
    """Seconds `python -m registration.rebuild NAME --schema S` spends past its start-up."""
    started = time.perf_counter()
    await rebuild_read_model(name, schema, TEST_DATABASE)
    return time.perf_counter() - started


async def bare_read(pool: Any, store: PostgresEventStore, types: frozenset[str]) -> int:
    read, after = 0, 0
    async with pool.acquire() as conn:
        while True:
            events, covered = await store.read_types(after, REPLAY_BATCH, types, tx=conn)
            if not events:
                return read
            read, after = read + len(events), covered


async def _arm(cfg: Config) -> list[ArmResult]:
    ours_side = Side("ours (registration.rebuild progress_view)", "events/s")
    base_side = Side("bare read_types of the same log, no handler", "events/s")
    covered_side = Side("ours: log positions covered", "positions/s")
    others = {name: Side(f"rebuild {name}", "events/s") for name in sorted(PROJECTIONS)}
    async with fresh_schema("rebuild") as schema:
        admin = await asyncpg.connect(admin_dsn())
        try:
            await install(admin, schema)
        finally:
            await admin.close()
        reader = await create_pool(admin_dsn(), min_size=1, max_size=1)
        writer = await create_pool(app_dsn(), min_size=1, max_size=2)
        try:
            began = time.perf_counter()
            log = await fill(PostgresEventStore(writer, schema), cfg.rebuild_candidates)
            fill_seconds = time.perf_counter() - began
            say(f"  log filled: {log.count:,} events in {fill_seconds:.1f} s")
            store = PostgresEventStore(reader, schema)
            head = await store.last_position()
            types = ProgressView(schema).handles.types
            handled = counted(log, types)

            async def ours(_: int) -> Sample:
                seconds = await rebuild("progress_view", schema)
                covered_side.samples.append(Sample(head / seconds))
                for name, side in others.items():
                    took = await rebuild(name, schema)
                    events = counted(log, PROJECTIONS[name](schema).handles.types)
                    side.samples.append(Sample(events / took, {"seconds": round(took, 3)}))
                return Sample(handled / seconds, {"events": handled, "seconds": round(seconds, 3)})

            async def baseline(_: int) -> Sample:
                started = time.perf_counter()
                read = await bare_read(reader, store, types)
                seconds = time.perf_counter() - started
                return Sample(read / seconds, {"events": read, "seconds": round(seconds, 3)})

            await rebuild("progress_view", schema)  # warm-up: plans, caches, imports
            await baseline(0)
            await interleave(
                cfg.rounds, ours, baseline, label="rebuild", ours_side=ours_side,
                baseline_side=base_side,
            )  # fmt: skip
            rows = await reader.fetchval(f'SELECT count(*) FROM "{schema}".progress_applications')
        finally:
            await reader.close()
            await writer.close()
    notes = [] if rows == cfg.rebuild_candidates else [
        f"WARNING: progress_applications has {rows} rows, expected {cfg.rebuild_candidates}"
    ]  # fmt: skip
    extra: dict[str, Side] = {"covered": covered_side}
    extra.update({f"rebuild_{name}": side for name, side in others.items()})
    return [
        ArmResult(
            arm="rebuild",
            title=TITLE,
            ours=ours_side,
            baseline=base_side,
            targets=targets(),
            settings={
                "candidates": cfg.rebuild_candidates,
                "log_events": log.count,
                "progress_view_events": handled,
                "event_types": dict(sorted(log.types.items())),
                "fill_seconds": round(fill_seconds, 1),
                "replay_batch_size": REPLAY_BATCH,
                "rounds": cfg.rounds,
            },
            notes=notes,
            extra_figures=extra,
        )
    ]


async def run(cfg: Config) -> list[ArmResult]:
    say("[rebuild]")
    return await run_guarded("rebuild", TITLE, targets, lambda: _arm(cfg))
