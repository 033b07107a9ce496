"""The candidate pool read model in PostgreSQL (assessment's own copy of registration facts)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from assessment.intake.adapters.accepted_applications import install_accepted_applications
from assessment.intake.adapters.scheme_versions import install_scheme_versions
from assessment.intake.application.ports import PooledCandidate
from eventkit.inbox import install_inbox


class PostgresCandidatePool:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".candidate_pool'

    async def add(self, tx: asyncpg.Connection, candidate: PooledCandidate) -> None:
        # No ON CONFLICT: a second application of one event would be a bug the inbox exists
        # to prevent, and it must surface (retry, then dead letter) rather than be hidden.
        await tx.execute(
            f"INSERT INTO {self.table} (candidate_id, district_code, registered_at) "
            "VALUES ($1, $2, $3)",
            candidate.candidate_id,
            candidate.district_code,
            candidate.registered_at,
        )

    async def get(self, candidate_id: UUID) -> PooledCandidate | None:
        row = await self.pool.fetchrow(
            f"SELECT candidate_id, district_code, registered_at FROM {self.table} "
            "WHERE candidate_id = $1",
            candidate_id,
        )
        return PooledCandidate(**row) if row else None

    async def in_district(self, district_code: str, limit: int) -> list[PooledCandidate]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, district_code, registered_at FROM {self.table} "
            "WHERE district_code = $1 ORDER BY registered_at LIMIT $2",
            district_code,
            limit,
        )
        return [PooledCandidate(**row) for row in rows]


async def install(conn: asyncpg.Connection, schema: str) -> None:
    await install_inbox(conn, schema)
    await install_accepted_applications(conn, schema)
    await install_scheme_versions(conn, schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".candidate_pool (
            candidate_id uuid PRIMARY KEY,
            district_code text NOT NULL,
            registered_at timestamptz NOT NULL,
            pooled_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS candidate_pool_district
            ON "{schema}".candidate_pool (district_code, registered_at);
        GRANT SELECT, INSERT ON "{schema}".candidate_pool TO kompeten_app;
    """)
