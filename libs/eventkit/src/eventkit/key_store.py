"""The installation's key store of per-person data keys, read through a narrow port by a service
that keeps sealed copies of personal data (eventkit.sealed_copies): it opens them with the keys,
or derives per-purpose keys from them to seal its own copies (`derived_keys`), and can do
nothing else (no key created, no erasure, no other table). The keys are registration's
(`person_keys`, written when it seals a person's data, tombstoned when it erases them); the
reader reaches them over its own small pool, which in production logs in as a role granted
SELECT (subject_id, wrapped_key) on that table only (docs/certificate.md, "The holder's name").

KOMPETEN_KEY_STORE_URL: the key store's database (default: registration's database on the
local stack, as the app role); KOMPETEN_KEY_STORE_SCHEMA: its schema (default `public`)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.pii import Blob, Fields, PostgresVaultReader, master_key_from_env
from eventkit.pool import reset_connection
from eventkit.settings import Settings

URL, SCHEMA = "KOMPETEN_KEY_STORE_URL", "KOMPETEN_KEY_STORE_SCHEMA"
REGISTRATION_DATABASE = "kompeten_registration"
log = logging.getLogger(__name__)


class KeyStoreUnavailable(Exception):
    """The key store did not answer: nothing could be opened now; try again later."""


@dataclass(frozen=True)
class KeyStoreLocation:
    dsn: str
    schema: str = "public"


def key_store_from_environment(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> KeyStoreLocation:
    env = os.environ if environ is None else environ
    return KeyStoreLocation(
        env.get(URL) or settings.app_dsn(REGISTRATION_DATABASE), env.get(SCHEMA) or "public"
    )


class PostgresKeyStore:
    def __init__(self, location: KeyStoreLocation, master_key: bytes | None = None) -> None:
        self.location = location
        self.reader = PostgresVaultReader(location.schema, master_key or master_key_from_env())
        self.pool: Any = None

    async def start(self) -> None:
        # Lazily connecting pool: the service starts even when the key store is down for a
        # moment; its readers then see nothing opened until it answers.
        # Released without asyncpg's reset round trip (eventkit.pool): a key read takes no
        # session state, and the reset was a fifth of a public verification's round trips.
        self.pool = await asyncpg.create_pool(self.location.dsn, min_size=0, max_size=4,
                                              timeout=5, command_timeout=5,
                                              reset=reset_connection)  # fmt: skip

    async def stop(self) -> None:
        if self.pool is not None:
            await self.pool.close()

    async def derived_keys(self, subjects: list[UUID], purpose: str) -> dict[UUID, bytes]:
        """Per-purpose keys of the people who have a key (eventkit.pii.derived_key); an erased
        person is absent. For sealing a service's own copies of their data (never stored)."""
        try:
            async with self.pool.acquire() as conn:
                return await self.reader.derived_keys(conn, subjects, purpose)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("key store unavailable: %s", type(exc).__name__)
            raise KeyStoreUnavailable() from exc

    async def open_many(self, items: list[tuple[UUID, Blob]]) -> list[Fields | None]:
        """Each blob opened with its person's key; None for a person erased."""
        try:
            async with self.pool.acquire() as conn:
                return await self.reader.open_many(conn, items)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("key store unavailable: %s", type(exc).__name__)
            raise KeyStoreUnavailable() from exc
