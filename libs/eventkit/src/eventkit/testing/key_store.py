"""A key store of its own for a test (a fresh schema holding `person_keys`, as registration's
vault keeps them), for a service that opens sealed copies through eventkit.key_store; the test
seals and erases on registration's side."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID

from eventkit.key_store import KeyStoreLocation
from eventkit.pii import Blob, Fields, PostgresVault, install_vault, master_key_from_env
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema


@dataclass(frozen=True)
class ScratchKeyStore:
    location: KeyStoreLocation
    vault: PostgresVault

    async def seal(self, subject_id: UUID, fields: Fields) -> Blob:
        conn = await admin_connection()
        try:
            return await self.vault.seal(conn, subject_id, fields)
        finally:
            await conn.close()

    async def erase(self, subject_id: UUID) -> bool:
        conn = await admin_connection()
        try:
            return await self.vault.erase(conn, subject_id)
        finally:
            await conn.close()


@contextlib.asynccontextmanager
async def fresh_key_store() -> AsyncIterator[ScratchKeyStore]:
    async with fresh_schema("keys") as schema:
        conn = await admin_connection()
        try:
            await install_vault(conn, schema)
        finally:
            await conn.close()
        location = KeyStoreLocation(load_settings().app_dsn(TEST_DATABASE), schema)
        yield ScratchKeyStore(location, PostgresVault(schema, master_key_from_env()))
