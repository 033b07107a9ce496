"""The published scheme versions certificate received (table scheme_versions): its own copy of
what registration's catalogue says of each, one row per (scheme code, version)."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from certificate.schemes.application.scheme_version_published import PublishedSchemeVersion
from eventkit.store.schema import identifier

COLUMNS = "scheme_code, version, lsp_id, title, units"
SELECTED = "t.scheme_code, t.version, t.lsp_id, t.title, t.units"


class PostgresSchemeVersions:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.scheme_versions"

    async def add(self, tx: asyncpg.Connection, version: PublishedSchemeVersion) -> None:
        # A version is published once; the inbox applies each event once. The same version
        # again (a replay from offset 0 into a fresh group) changes nothing.
        await tx.execute(
            f"INSERT INTO {self.table} ({COLUMNS}) VALUES ($1, $2, $3, $4, $5::text::jsonb) "
            "ON CONFLICT (scheme_code, version) DO NOTHING",
            version.scheme_code, version.version, version.lsp_id, version.title,
            json.dumps([list(unit) for unit in version.units]),
        )  # fmt: skip

    async def get_many(
        self, keys: set[tuple[str, int]]
    ) -> dict[tuple[str, int], PublishedSchemeVersion]:
        if not keys:
            return {}
        rows = await self.pool.fetch(
            f"SELECT {SELECTED} FROM {self.table} t JOIN unnest($1::text[], $2::int[]) "
            "AS k(code, version) ON t.scheme_code = k.code AND t.version = k.version",
            [code for code, _ in keys], [version for _, version in keys],
        )  # fmt: skip
        return {(row["scheme_code"], row["version"]): _version(row) for row in rows}


def _version(row: Any) -> PublishedSchemeVersion:
    units = row["units"] if not isinstance(row["units"], str) else json.loads(row["units"])
    return PublishedSchemeVersion(row["scheme_code"], row["version"], row["lsp_id"],
                                  row["title"], tuple((c, t) for c, t in units))  # fmt: skip


async def install_scheme_versions(conn: asyncpg.Connection, schema: str) -> None:
    table = f"{identifier(schema)}.scheme_versions"
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {table} (
            scheme_code text NOT NULL,
            version integer NOT NULL,
            lsp_id uuid,
            title text NOT NULL,
            units jsonb NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (scheme_code, version));
        GRANT SELECT, INSERT ON {table} TO kompeten_app;
    """)
