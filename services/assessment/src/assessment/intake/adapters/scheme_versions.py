"""Published scheme versions (their units) in PostgreSQL: assessment's own copy of
registration's catalogue, one row per (scheme code, version)."""

from __future__ import annotations

from typing import Any

import asyncpg

from assessment.intake.application.scheme_version_published import PublishedSchemeVersion

COLUMNS = "scheme_code, version, lsp_id, title, units"


class PostgresSchemeVersions:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".scheme_versions'

    async def add(self, tx: asyncpg.Connection, version: PublishedSchemeVersion) -> None:
        # No ON CONFLICT, as in the other intake tables: a version is published once, and a
        # second application of one event would be a bug of the inbox that must surface.
        await tx.execute(
            f"INSERT INTO {self.table} ({COLUMNS}) VALUES ($1, $2, $3, $4, $5)",
            version.scheme_code,
            version.version,
            version.lsp_id,
            version.title,
            version.units,  # the pool's codec writes jsonb
        )

    async def get(self, scheme_code: str, version: int) -> PublishedSchemeVersion | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE scheme_code = $1 AND version = $2",
            scheme_code,
            version,
        )
        return _version(row) if row else None

    async def latest(self, scheme_code: str) -> PublishedSchemeVersion | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE scheme_code = $1 "
            "ORDER BY version DESC LIMIT 1",
            scheme_code,
        )
        return _version(row) if row else None


def _version(row: Any) -> PublishedSchemeVersion:
    return PublishedSchemeVersion(
        row["scheme_code"], row["version"], row["lsp_id"], row["title"], row["units"]
    )


async def install_scheme_versions(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".scheme_versions (
            scheme_code text NOT NULL,
            version integer NOT NULL,
            lsp_id uuid,
            title text NOT NULL,
            units jsonb NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (scheme_code, version));
        GRANT SELECT, INSERT ON "{schema}".scheme_versions TO kompeten_app;
    """)
