"""Releasing a pooled connection: cheap for handlers, a full reset for session state."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from eventkit.pool import create_pool, holds_session_state
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE

pytestmark = pytest.mark.integration


@pytest.fixture
async def one_connection() -> AsyncIterator[asyncpg.Pool[Any]]:
    pool = await create_pool(load_settings().app_dsn(TEST_DATABASE), min_size=1, max_size=1)
    try:
        yield pool
    finally:
        await pool.close()


async def lock_is_free(key: int) -> bool:
    other = await asyncpg.connect(load_settings().app_dsn(TEST_DATABASE))
    try:
        taken = bool(await other.fetchval("SELECT pg_try_advisory_lock($1)", key))
        if taken:
            await other.execute("SELECT pg_advisory_unlock($1)", key)
        return taken
    finally:
        await other.close()


async def test_a_marked_connection_gives_up_its_session_lock_on_release(one_connection) -> None:
    key = random.getrandbits(40)
    async with one_connection.acquire() as conn:
        holds_session_state(conn)
        assert await conn.fetchval("SELECT pg_try_advisory_lock($1)", key)
    assert await lock_is_free(key)


async def test_an_unmarked_release_skips_the_reset_but_never_keeps_a_transaction(
    one_connection,
) -> None:
    key = random.getrandbits(40)
    async with one_connection.acquire() as conn:
        await conn.fetchval("SELECT pg_try_advisory_lock($1)", key)  # what only the relay does
        await conn.execute("BEGIN")
        await conn.execute("CREATE TEMP TABLE left_open (x int)")
    async with one_connection.acquire() as same:
        # The open transaction was rolled back: what it created is gone.
        assert await same.fetchval("SELECT to_regclass('pg_temp.left_open')") is None
        # The cheap release kept the session lock: code that takes one must mark its connection.
        assert not await lock_is_free(key)
        await same.execute("SELECT pg_advisory_unlock_all()")
