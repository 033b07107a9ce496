"""Arm g: cohort import (dry run + commit through the real handlers) vs raw asyncpg COPY.

Ours: a `RegistrationService` started in this process on a fresh schema of kompeten_test (no
relay, no HTTP), its catalogue seeded with the 40 demo cooperatives of Karangasem (district
5107) through their own handlers; then, timed, `cohorts.prepare` (read the CSV, check every
row: NIK, e-mail, cooperative, duplicates in the file and in the registry; seal and keep the
file) and `cohorts.commit` (chunks of 500 rows, each one transaction: NIK and e-mail
reservations, sealed personal data, `append_many` of the candidates and the chunk's event).
Figure = valid rows registered / (prepare + commit) seconds, end to end. The service's log
followers run meanwhile as in production (district progress, the cohort progress view and the
invitation follower), but the invitation MAILER IS OFF: a no-op mailer replaces SMTP, so the
follower unseals and records each invitation but sends nothing (the bench stack has no SMTP
sink). Baseline: the same CSV bytes parsed with `csv.reader` and `copy_records_to_table` of the
same rows (8 text columns) into a plain table (no key, no index), in chunks of 500 rows. Both
sides get a fresh schema every round; service start-up and seeding are outside the timing.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
import uuid
from dataclasses import dataclass

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
from bench.infra import admin_dsn, app_dsn, fresh_schema, settings
from registration.bootstrap import RegistrationService
from registration.cohorts.application.commit_cohort_import import CHUNK_ROWS
from registration.cohorts.application.prepare_cohort_import import CohortUpload
from registration.seed import seed
from registration.seed.cohort_file import DISTRICT, as_csv, staff_rows
from registration.seed.cooperatives import DEMO_COOPERATIVES

TITLE = "cohort import (validation + commit, real handlers) vs raw asyncpg COPY of the rows"
COLUMNS = ["nik", "full_name", "email", "phone", "legal_number", "role", "grp", "district_code"]
TARGET = 2_000.0


def targets() -> list[Target]:
    return [Target(f"ours >= {TARGET:,.0f} candidates/s", "ours", "higher", TARGET)]


def cohort_csv(count: int) -> bytes:
    """`count` valid rows over the 40 demo cooperatives, fresh e-mails (the demo's format)."""
    return as_csv(staff_rows(count))


class NoMailer:
    """The invitation mailer, off: the follower does all its work but the SMTP send."""

    sent = 0

    async def send(self, to: str, subject: str, text: str) -> None:
        NoMailer.sent += 1


@dataclass
class Seeded:
    service: RegistrationService
    seconds: float


async def started(schema: str) -> Seeded:
    began = time.perf_counter()
    service = RegistrationService(
        settings(), schema=schema, database=TEST_DATABASE, run_relay=False, mailer=NoMailer()
    )
    await service.start()
    try:
        await seed(service.catalogues())
        directory = service.catalogues().cooperative_directory
        deadline = time.monotonic() + 60
        while len(await directory.search(DISTRICT)) < len(DEMO_COOPERATIVES):
            if time.monotonic() > deadline:
                raise RuntimeError("the 40 seeded cooperatives did not reach the directory")
            await asyncio.sleep(0.1)
    except BaseException:
        await service.stop()
        raise
    return Seeded(service, time.perf_counter() - began)


async def run_ours(rows: int) -> Sample:
    content = cohort_csv(rows)
    operator = uuid.uuid4()
    async with fresh_schema("cohort") as schema:
        seeded = await started(schema)
        service = seeded.service
        try:
            cohorts = service.cohort()
            t0 = time.perf_counter()
            prepared = await cohorts.prepare(CohortUpload(operator, content))
            t1 = time.perf_counter()
            done = await cohorts.commit(prepared.import_id, operator)
            t2 = time.perf_counter()
            registered = done.registered
            conn = await asyncpg.connect(admin_dsn(), timeout=10)
            try:
                in_log = await conn.fetchval(
                    f'SELECT count(*) FROM "{schema}".events WHERE event_type = '
                    "'CandidateRegistered'"
                )
            finally:
                await conn.close()
        finally:
            await service.stop()
    elapsed = t2 - t0
    return Sample(
        registered / elapsed if registered else 0.0,
        {
            "rows": rows,
            "registered": registered,
            "skipped": done.skipped,
            "candidate_registered_events": in_log,
            "seconds": round(elapsed, 3),
            "prepare_seconds": round(t1 - t0, 3),
            "commit_seconds": round(t2 - t1, 3),
            "start_and_seed_seconds_untimed": round(seeded.seconds, 2),
            "csv_bytes": len(content),
        },
    )


async def run_baseline(rows: int) -> Sample:
    content = cohort_csv(rows)
    async with fresh_schema("cohortcopy") as schema:
        admin = await asyncpg.connect(admin_dsn(), timeout=10)
        try:
            cols = ", ".join(f"{c} text" for c in COLUMNS)
            await admin.execute(
                f'CREATE TABLE "{schema}".cohort_rows ({cols});'
                f'GRANT SELECT, INSERT ON "{schema}".cohort_rows TO kompeten_app'
            )
        finally:
            await admin.close()
        conn = await asyncpg.connect(app_dsn(), timeout=10)
        try:
            t0 = time.perf_counter()
            records = [tuple(r) for r in csv.reader(io.StringIO(content.decode()))][1:]
            for i in range(0, len(records), CHUNK_ROWS):
                await conn.copy_records_to_table(
                    "cohort_rows",
                    schema_name=schema,
                    columns=COLUMNS,
                    records=records[i : i + CHUNK_ROWS],
                )
            elapsed = time.perf_counter() - t0
            copied = await conn.fetchval(f'SELECT count(*) FROM "{schema}".cohort_rows')
        finally:
            await conn.close()
    return Sample(
        copied / elapsed if copied else 0.0,
        {"rows": rows, "copied": copied, "seconds": round(elapsed, 3)},
    )


async def _arm(cfg: Config) -> list[ArmResult]:
    rows = cfg.cohort_rows
    ours_side = Side("ours (cohort prepare + commit)", "cand/s")
    base_side = Side("asyncpg copy_records_to_table", "rows/s")
    # Warm-up: a small import and a small COPY (imports, connections, plans).
    await run_ours(200)
    await run_baseline(200)
    NoMailer.sent = 0

    async def ours(_: int) -> Sample:
        return await run_ours(rows)

    async def baseline(_: int) -> Sample:
        return await run_baseline(rows)

    await interleave(
        cfg.rounds, ours, baseline, label="cohort", ours_side=ours_side, baseline_side=base_side
    )
    notes = []
    short = [s.detail for s in ours_side.samples if s.detail.get("registered") != rows]
    if short:
        notes.append(f"WARNING: rounds that did not register every row: {short}")
    notes.append(
        "invitation mailer OFF (no-op mailer; the invitation follower still runs); "
        f"{NoMailer.sent} invitations reached the no-op mailer during the measured rounds "
        "(the follower runs behind the commit, and a round's service is stopped once its "
        "commit returns)"
    )
    result = ArmResult(
        arm="cohort",
        title=TITLE,
        ours=ours_side,
        baseline=base_side,
        targets=targets(),
        settings={
            "rows_per_round": rows,
            "rounds": cfg.rounds,
            "district": DISTRICT,
            "cooperatives": len(DEMO_COOPERATIVES),
            "chunk_rows": CHUNK_ROWS,
            "timed": "prepare (dry run) + commit, through the handlers, in process, no HTTP",
            "fresh_schema_per_round": True,
            "mailer": "off (no-op)",
            "relay": "off",
            "baseline": "csv.reader + copy_records_to_table, 8 text columns, plain table",
        },
        notes=notes,
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[cohort]")
    return await run_guarded("cohort", TITLE, targets, lambda: _arm(cfg))
