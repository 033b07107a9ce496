"""Shared eventkit fixtures. Event-store fixtures are prefixed `event_store_` / `pg_event_store`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore, create_pool, install_event_store
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema


@pytest.fixture
async def event_store_schema() -> AsyncIterator[str]:
    """A fresh schema with the event store installed (twice: installing is idempotent)."""
    async with fresh_schema("es") as schema:
        admin = await admin_connection()
        try:
            await install_event_store(admin, schema)
            await install_event_store(admin, schema)
        finally:
            await admin.close()
        yield schema


@pytest.fixture
async def event_store_pool(event_store_schema: str) -> AsyncIterator[asyncpg.Pool[Any]]:
    """A pool of kompeten_app connections with the json codecs; closed before the schema goes."""
    pool = await create_pool(
        load_settings().app_dsn(TEST_DATABASE), min_size=1, max_size=25, timeout=10
    )
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def pg_event_store(
    event_store_pool: asyncpg.Pool[Any], event_store_schema: str
) -> PostgresEventStore:
    return PostgresEventStore(event_store_pool, event_store_schema)


@pytest.fixture
async def event_store_admin(event_store_schema: str) -> AsyncIterator[asyncpg.Connection[Any]]:
    """A superuser connection whose search_path is the event store's schema."""
    conn = await admin_connection()
    await conn.execute(f"SET search_path TO {event_store_schema}")
    try:
        yield conn
    finally:
        await conn.close()
