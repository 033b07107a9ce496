"""The hash chain makes tampering detectable, and verify names the first broken position."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import asyncpg
import pytest

from eventkit.settings import load_settings
from eventkit.store import NewEvent, PostgresEventStore
from eventkit.store.schema import CONTENT_SQL
from eventkit.testing.infra import TEST_DATABASE
from eventkit.verify import verify_chain

pytestmark = pytest.mark.integration

EVENTS = 12


@pytest.fixture
async def log(pg_event_store: PostgresEventStore) -> PostgresEventStore:
    for n in range(EVENTS):
        await pg_event_store.append(f"s{n % 4}", n // 4, [NewEvent("Happened", {"n": n})])
    return pg_event_store


async def behind_the_trigger(admin: asyncpg.Connection[Any], statement: str) -> None:
    """What someone with the database's superuser could do to the log."""
    async with admin.transaction():
        await admin.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
        await admin.execute(statement)
        await admin.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")


async def run_cli(schema: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "eventkit.verify",
        "--dsn",
        load_settings().app_dsn(TEST_DATABASE),
        "--schema",
        schema,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert not err, err.decode()
    return process.returncode or 0, out.decode().strip()


async def test_an_intact_log_verifies(
    log: PostgresEventStore, event_store_admin: asyncpg.Connection[Any], event_store_schema: str
) -> None:
    assert await verify_chain(event_store_admin, event_store_schema) is None
    assert await run_cli(event_store_schema) == (0, f"ok: {EVENTS} events, chain intact")


async def test_an_empty_log_verifies(
    event_store_admin: asyncpg.Connection[Any], event_store_schema: str
) -> None:
    assert await verify_chain(event_store_admin, event_store_schema) is None
    assert await run_cli(event_store_schema) == (0, "ok: 0 events, chain intact")


async def test_changed_data_is_named_by_position(
    log: PostgresEventStore, event_store_admin: asyncpg.Connection[Any], event_store_schema: str
) -> None:
    await behind_the_trigger(
        event_store_admin, "UPDATE events SET data = '{\"n\": 1000}' WHERE position = 5"
    )

    assert await verify_chain(event_store_admin, event_store_schema) == 5
    code, output = await run_cli(event_store_schema)
    assert code == 1 and output.startswith("broken at position 5: "), output


async def test_a_forged_event_with_a_recomputed_hash_breaks_the_next_link(
    log: PostgresEventStore, event_store_admin: asyncpg.Connection[Any], event_store_schema: str
) -> None:
    await behind_the_trigger(
        event_store_admin, "UPDATE events SET event_type = 'Forged' WHERE position = 7"
    )
    await behind_the_trigger(
        event_store_admin,
        "UPDATE events e SET hash = sha256((SELECT hash FROM events WHERE position = 6) || "
        f"{CONTENT_SQL.format(r='e')}) WHERE position = 7",
    )

    assert await verify_chain(event_store_admin, event_store_schema) == 8


@pytest.mark.parametrize("deleted", [1, 6, EVENTS])
async def test_a_deleted_event_is_detected(
    log: PostgresEventStore,
    event_store_admin: asyncpg.Connection[Any],
    event_store_schema: str,
    deleted: int,
) -> None:
    await behind_the_trigger(event_store_admin, f"DELETE FROM events WHERE position = {deleted}")

    assert await verify_chain(event_store_admin, event_store_schema) == deleted
    code, output = await run_cli(event_store_schema)
    assert code == 1 and output.startswith(f"broken at position {deleted}: event missing")
