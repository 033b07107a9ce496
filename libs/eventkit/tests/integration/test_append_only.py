"""A recorded event never changes: the application role lacks the rights, and a trigger
refuses UPDATE, DELETE and TRUNCATE even for the table's owner."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from eventkit.settings import load_settings
from eventkit.store import NewEvent, PostgresEventStore
from eventkit.testing.infra import TEST_DATABASE

pytestmark = pytest.mark.integration

CHANGES = [
    "UPDATE events SET event_type = 'Forged'",
    "UPDATE events SET data = '{}' WHERE false",
    "DELETE FROM events WHERE position = 1",
    "TRUNCATE events",
]


@pytest.fixture
async def app_conn(event_store_schema: str) -> AsyncIterator[asyncpg.Connection[Any]]:
    conn = await asyncpg.connect(load_settings().app_dsn(TEST_DATABASE), timeout=10)
    await conn.execute(f"SET search_path TO {event_store_schema}")
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def recorded(pg_event_store: PostgresEventStore) -> list[Any]:
    await pg_event_store.append("s", 0, [NewEvent("Happened", {"n": n}) for n in range(3)])
    return await snapshot(pg_event_store)


async def snapshot(store: PostgresEventStore) -> list[Any]:
    return [(e.position, e.event_type, e.data, e.hash) for e in await store.read_all()]


@pytest.mark.parametrize("statement", [*CHANGES, "ALTER TABLE events DISABLE TRIGGER ALL"])
async def test_the_app_role_may_not_change_events(
    app_conn: asyncpg.Connection[Any],
    pg_event_store: PostgresEventStore,
    recorded: list[Any],
    statement: str,
) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await app_conn.execute(statement)

    assert await snapshot(pg_event_store) == recorded


@pytest.mark.parametrize("statement", CHANGES)
async def test_the_trigger_refuses_changes_even_for_a_superuser(
    event_store_admin: asyncpg.Connection[Any],
    pg_event_store: PostgresEventStore,
    recorded: list[Any],
    statement: str,
) -> None:
    with pytest.raises(asyncpg.PostgresError, match="append-only") as caught:
        await event_store_admin.execute(statement)

    assert caught.value.sqlstate == "KC405"
    assert await snapshot(pg_event_store) == recorded


async def test_the_app_role_can_append_and_read(
    app_conn: asyncpg.Connection[Any], pg_event_store: PostgresEventStore, recorded: list[Any]
) -> None:
    rights = await app_conn.fetch(
        "SELECT privilege_type FROM information_schema.role_table_grants"
        " WHERE table_schema = current_schema() AND table_name = 'events'"
        " AND grantee = 'kompeten_app' ORDER BY 1"
    )

    assert [r["privilege_type"] for r in rights] == ["INSERT", "SELECT"]
    [event] = await pg_event_store.append("s", 3, [NewEvent("Happened", {"n": 3})])
    assert event.position == len(recorded) + 1
