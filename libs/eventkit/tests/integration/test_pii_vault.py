"""The PostgreSQL vault on the real database, used as the application role."""

import asyncio
import json
from collections.abc import AsyncIterator
from uuid import uuid4

import asyncpg
import pytest
from cryptography.exceptions import InvalidTag

from eventkit.pii import PostgresVault, SealedDataError, SubjectErased, VaultError, install_vault
from eventkit.testing.infra import admin_connection, fresh_schema
from eventkit.testing.waiting import wait_until

from .conftest import Connect

pytestmark = pytest.mark.integration

MASTER = b"m" * 32
FIELDS = {"nik": "5107015203880002", "full_name": "Ni Luh Putu Ayu", "email": "ayu@example.id"}


@pytest.fixture
async def schema() -> AsyncIterator[str]:
    async with fresh_schema("pii") as name:
        admin = await admin_connection()
        try:
            await install_vault(admin, name)
            await install_vault(admin, name)  # installing again changes nothing
        finally:
            await admin.close()
        yield name


async def test_sealed_fields_open_again_in_the_callers_transaction(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, subject = PostgresVault(schema, MASTER), uuid4()
    async with conn.transaction():
        sealed = await vault.seal(conn, subject, FIELDS)
        assert await vault.open(conn, subject, sealed) == FIELDS
    assert await vault.open(conn, subject, sealed) == FIELDS


async def test_a_rolled_back_first_seal_leaves_no_key(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, subject = PostgresVault(schema, MASTER), uuid4()
    with pytest.raises(RuntimeError):
        async with conn.transaction():
            sealed = await vault.seal(conn, subject, FIELDS)
            raise RuntimeError("the command failed after sealing")
    assert await vault.open(conn, subject, sealed) is None


async def test_neither_the_sealed_data_nor_the_key_table_holds_plaintext(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, subject = PostgresVault(schema, MASTER), uuid4()
    sealed = await vault.seal(conn, subject, FIELDS)
    dumped = await conn.fetch(f'SELECT row_to_json(t)::text AS r FROM "{schema}".person_keys t')
    assert len(dumped) == 1 and str(subject) in dumped[0]["r"]
    stored = "".join(row["r"] for row in dumped)
    sealed_bytes = json.dumps(sealed).encode()
    for value in FIELDS.values():
        assert value.encode() not in sealed_bytes
        assert value not in stored and value.encode().hex() not in stored  # bytea shows as hex


async def test_erasing_a_person_shreds_only_their_data(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, gone, kept = PostgresVault(schema, MASTER), uuid4(), uuid4()
    sealed_gone = await vault.seal(conn, gone, FIELDS)
    sealed_kept = await vault.seal(conn, kept, {"email": "other@example.id"})
    async with conn.transaction():
        assert await vault.erase(conn, gone) is True
    assert await vault.erase(conn, gone) is False
    assert await vault.open(conn, gone, sealed_gone) is None
    opened = await vault.open_many(
        conn, [(gone, sealed_gone), (kept, sealed_kept), (gone, sealed_gone)]
    )
    assert opened == [None, {"email": "other@example.id"}, None]


async def test_nothing_is_sealed_for_an_erased_person_again(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, gone, never_sealed, kept = PostgresVault(schema, MASTER), uuid4(), uuid4(), uuid4()
    await vault.seal(conn, gone, FIELDS)
    async with conn.transaction():
        await vault.erase(conn, gone)
        assert await vault.erase(conn, never_sealed) is False
    for subject in (gone, never_sealed):
        with pytest.raises(SubjectErased):
            await vault.seal(conn, subject, FIELDS)
        with pytest.raises(SubjectErased):
            async with conn.transaction():  # as a service seals: in its command's transaction
                await vault.seal_many(conn, [(kept, FIELDS), (subject, FIELDS)])
    keys = await conn.fetchval(
        f'SELECT count(*) FROM "{schema}".person_keys WHERE wrapped_key IS NOT NULL'
    )
    assert keys == 0  # the failed seal_many created none, not even for `kept`


async def test_a_first_seal_racing_an_erasure_finds_the_tombstone(
    schema: str, connect: Connect
) -> None:
    vault, subject = PostgresVault(schema, MASTER), uuid4()
    conn, other = await connect(), await connect()
    async with conn.transaction():
        await vault.erase(conn, subject)  # holds the row until commit
        sealing = asyncio.create_task(vault.seal(other, subject, FIELDS))
        await wait_until(lambda: _waiting_on_a_lock(conn), timeout=10, what="the seal waits")
    with pytest.raises(SubjectErased):
        await sealing


async def _waiting_on_a_lock(conn: asyncpg.Connection) -> bool:
    # Inside a transaction the activity view is a snapshot taken at its first read: clear it.
    await conn.execute("SELECT pg_stat_clear_snapshot()")
    waiting = await conn.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND query LIKE 'INSERT INTO%person_keys%'"
    )
    return bool(waiting)


async def test_data_of_one_person_does_not_open_as_another(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, owner, other = PostgresVault(schema, MASTER), uuid4(), uuid4()
    sealed = await vault.seal(conn, owner, FIELDS)
    await vault.seal(conn, other, {"email": "x@example.id"})
    with pytest.raises(SealedDataError, match="cannot be opened as"):
        await vault.open(conn, other, sealed)
    with pytest.raises(SealedDataError, match="fails authentication") as caught:
        await vault.open(conn, other, {**sealed, "subject": str(other)})
    assert isinstance(caught.value.__cause__, InvalidTag)


async def test_another_master_key_cannot_unwrap_the_person_keys(
    schema: str, conn: asyncpg.Connection
) -> None:
    subject = uuid4()
    sealed = await PostgresVault(schema, MASTER).seal(conn, subject, FIELDS)
    with pytest.raises(VaultError, match="master key"):
        await PostgresVault(schema, b"x" * 32).open(conn, subject, sealed)


async def test_two_concurrent_first_seals_of_one_person_agree_on_one_key(
    schema: str, connect: Connect
) -> None:
    vault, subject = PostgresVault(schema, MASTER), uuid4()
    first, second, reader = await connect(), await connect(), await connect()
    first_tx, second_tx = first.transaction(), second.transaction()
    await first_tx.start()
    await second_tx.start()
    sealed_first = await vault.seal(first, subject, {"email": "one@example.id"})
    racing = asyncio.create_task(vault.seal(second, subject, {"email": "two@example.id"}))
    admin = await admin_connection()
    try:
        # The second INSERT waits on the first transaction's uncommitted key row.
        pid = second.get_server_pid()
        await wait_until(
            lambda: admin.fetchval(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid
            ),
            timeout=10,
            what="second seal waiting on the first one's key",
        )
    finally:
        await admin.close()
    assert not racing.done()
    await first_tx.commit()
    sealed_second = await asyncio.wait_for(racing, timeout=10)
    await second_tx.commit()
    count = await reader.fetchval(f'SELECT count(*) FROM "{schema}".person_keys')
    assert count == 1
    opened = await vault.open_many(reader, [(subject, sealed_first), (subject, sealed_second)])
    assert opened == [{"email": "one@example.id"}, {"email": "two@example.id"}]


async def test_the_application_role_has_exactly_the_rights_the_vault_needs(
    schema: str, conn: asyncpg.Connection
) -> None:
    rights = {
        right: await conn.fetchval(
            "SELECT has_table_privilege('kompeten_app', $1, $2)", f"{schema}.person_keys", right
        )
        for right in ("SELECT", "INSERT", "DELETE", "UPDATE", "TRUNCATE")
    }
    assert rights == {
        "SELECT": True,
        "INSERT": True,
        "DELETE": True,
        "UPDATE": False,
        "TRUNCATE": False,
    }


async def test_seal_many_creates_the_missing_keys_in_one_go_and_reuses_existing_ones(
    schema: str, conn: asyncpg.Connection
) -> None:
    vault, known = PostgresVault(schema, MASTER), uuid4()
    new = [uuid4() for _ in range(300)]
    async with conn.transaction():
        first = await vault.seal(conn, known, FIELDS)
        sealed = await vault.seal_many(conn, [(s, {"nik": str(s)}) for s in [known, *new]])
    opened = await vault.open_many(
        conn, [(s, b) for s, b in zip([known, *new], sealed, strict=True)]
    )
    assert opened == [{"nik": str(s)} for s in [known, *new]]
    assert await vault.open(conn, known, first) == FIELDS
    keys = await conn.fetchval(f'SELECT count(*) FROM "{schema}".person_keys')
    assert keys == 301
