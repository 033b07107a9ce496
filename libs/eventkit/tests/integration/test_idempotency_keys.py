"""Idempotency keys on the real database: one effect per client id, even under concurrency."""

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from eventkit.idempotency import (
    IdempotencyConflict,
    PostgresIdempotencyKeys,
    StoredResponse,
    install_idempotency,
)
from eventkit.testing.infra import admin_connection, fresh_schema
from eventkit.testing.waiting import wait_until

from .conftest import Connect

pytestmark = pytest.mark.integration

SCOPE = "register_candidate"
CREATED = StoredResponse(201, {"candidate_id": "3f1c", "nested": {"ok": [1, 2]}})


@pytest.fixture
async def schema() -> AsyncIterator[str]:
    async with fresh_schema("idem") as name:
        admin = await admin_connection()
        try:
            await install_idempotency(admin, name)
            await install_idempotency(admin, name)  # installing again changes nothing
        finally:
            await admin.close()
        yield name


async def blocked_on_a_lock(conn: asyncpg.Connection) -> None:
    """Return once conn's running statement waits for another transaction's row lock."""
    admin = await admin_connection()
    try:
        await wait_until(
            lambda: admin.fetchval(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1",
                conn.get_server_pid(),
            ),
            timeout=10,
            what="the second claim waiting on the first one",
        )
    finally:
        await admin.close()


async def test_claim_complete_and_replay(schema: str, conn: asyncpg.Connection) -> None:
    keys = PostgresIdempotencyKeys(schema)
    async with conn.transaction():
        assert await keys.claim(conn, SCOPE, "k1", "fp") is None
        await keys.complete(conn, SCOPE, "k1", CREATED)
    for _ in range(2):
        async with conn.transaction():
            assert await keys.claim(conn, SCOPE, "k1", "fp") == CREATED
    async with conn.transaction():
        assert await keys.claim(conn, "other_scope", "k1", "fp") is None


async def test_the_same_key_with_other_content_is_a_conflict(
    schema: str, conn: asyncpg.Connection
) -> None:
    keys = PostgresIdempotencyKeys(schema)
    async with conn.transaction():
        await keys.claim(conn, SCOPE, "k1", "fp")
        await keys.complete(conn, SCOPE, "k1", CREATED)
    with pytest.raises(IdempotencyConflict) as caught:
        async with conn.transaction():
            await keys.claim(conn, SCOPE, "k1", "other fingerprint")
    assert (caught.value.scope, caught.value.key) == (SCOPE, "k1")


async def test_misuse_inside_one_transaction_is_refused(
    schema: str, conn: asyncpg.Connection
) -> None:
    keys = PostgresIdempotencyKeys(schema)
    async with conn.transaction():
        await keys.claim(conn, SCOPE, "k1", "fp")
        with pytest.raises(RuntimeError, match="not completed"):
            await keys.claim(conn, SCOPE, "k1", "fp")
    async with conn.transaction():
        with pytest.raises(RuntimeError, match="no pending claim"):
            await keys.complete(conn, SCOPE, "never claimed", CREATED)


async def test_a_concurrent_duplicate_waits_for_the_first_and_gets_its_answer(
    schema: str, connect: Connect
) -> None:
    keys = PostgresIdempotencyKeys(schema)
    first, second = await connect(), await connect()
    first_tx, second_tx = first.transaction(), second.transaction()
    await first_tx.start()
    await second_tx.start()
    assert await keys.claim(first, SCOPE, "k1", "fp") is None
    duplicate = asyncio.create_task(keys.claim(second, SCOPE, "k1", "fp"))
    await blocked_on_a_lock(second)
    assert not duplicate.done()
    await keys.complete(first, SCOPE, "k1", CREATED)
    assert not duplicate.done()  # completing is not enough: only the commit releases it
    await first_tx.commit()
    assert await asyncio.wait_for(duplicate, timeout=10) == CREATED
    await second_tx.commit()
    rows = await first.fetchval(f'SELECT count(*) FROM "{schema}".idempotency_keys')
    assert rows == 1


async def test_a_rolled_back_first_claim_lets_the_waiting_one_own_the_key(
    schema: str, connect: Connect
) -> None:
    keys = PostgresIdempotencyKeys(schema)
    first, second = await connect(), await connect()
    first_tx, second_tx = first.transaction(), second.transaction()
    await first_tx.start()
    await second_tx.start()
    assert await keys.claim(first, SCOPE, "k1", "fp") is None
    duplicate = asyncio.create_task(keys.claim(second, SCOPE, "k1", "fp"))
    await blocked_on_a_lock(second)
    await first_tx.rollback()  # e.g. the handler failed after claiming
    assert await asyncio.wait_for(duplicate, timeout=10) is None
    await keys.complete(second, SCOPE, "k1", CREATED)
    await second_tx.commit()
    async with first.transaction():
        assert await keys.claim(first, SCOPE, "k1", "fp") == CREATED


async def test_the_application_role_has_exactly_the_rights_the_keys_need(
    schema: str, conn: asyncpg.Connection
) -> None:
    rights = {
        right: await conn.fetchval(
            "SELECT has_table_privilege('kompeten_app', $1, $2)",
            f"{schema}.idempotency_keys",
            right,
        )
        for right in ("SELECT", "INSERT", "UPDATE", "DELETE")
    }
    assert rights == {"SELECT": True, "INSERT": True, "UPDATE": True, "DELETE": False}
