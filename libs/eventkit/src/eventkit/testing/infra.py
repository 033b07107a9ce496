"""Connections to the real local stack for integration tests.

A test that needs PostgreSQL or Kafka and cannot reach it fails with a message telling
how to start the stack; it never skips (DEVELOPERS.md, Standards).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

import asyncpg

from eventkit.settings import load_settings

TEST_DATABASE = "kompeten_test"


class InfrastructureMissing(RuntimeError):
    pass


async def admin_connection(database: str = TEST_DATABASE) -> asyncpg.Connection:
    dsn = load_settings().admin_dsn(database)
    try:
        return await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise InfrastructureMissing(
            f"PostgreSQL not reachable at {dsn.split('@')[-1]} ({exc}); "
            "start the local stack with `make stack` or run `make test`"
        ) from exc


async def scalar(sql: str, *args: object) -> int:
    """One integer from the test database (a count, a position), on a short-lived connection."""
    conn = await admin_connection()
    try:
        return int(await conn.fetchval(sql, *args))
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def fresh_schema(prefix: str = "t") -> AsyncIterator[str]:
    """A new empty schema in the test database, dropped afterwards. Yields its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conn = await admin_connection()
    try:
        await conn.execute(f'CREATE SCHEMA "{name}"')
        await conn.execute(f'GRANT USAGE ON SCHEMA "{name}" TO kompeten_app')
        yield name
    finally:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        await conn.close()


def unique_topic(prefix: str = "test") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:12]}"
