"""Accepted applications awaiting planning, in PostgreSQL (assessment's own copy)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from assessment.intake.application.application_accepted import AcceptedApplication

COLUMNS = (
    "application_id, candidate_id, scheme_code, scheme_version, occupational_group,"
    " cooperative_id, district_code, adjustment_needs, accepted_at, lsp_id"
)


class PostgresAcceptedApplications:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".accepted_applications'

    async def add(self, tx: asyncpg.Connection, application: AcceptedApplication) -> None:
        # No ON CONFLICT, as in the candidate pool: a second application of one event would
        # be a bug of the inbox and must surface, not be hidden.
        await tx.execute(
            f"INSERT INTO {self.table} ({COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            application.application_id,
            application.candidate_id,
            application.scheme_code,
            application.scheme_version,
            application.occupational_group,
            application.cooperative_id,
            application.district_code,
            application.adjustment_needs,
            application.accepted_at,
            application.lsp_id,
        )

    async def get(self, application_id: UUID, lsp_id: UUID | None) -> AcceptedApplication | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} "
            "WHERE application_id = $1 AND lsp_id IS NOT DISTINCT FROM $2",
            application_id,
            lsp_id,
        )
        return AcceptedApplication(**row) if row else None

    async def in_district(
        self, district_code: str, limit: int, lsp_id: UUID | None
    ) -> list[AcceptedApplication]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE district_code = $1 "
            "AND lsp_id IS NOT DISTINCT FROM $3 ORDER BY accepted_at, application_id LIMIT $2",
            district_code,
            limit,
            lsp_id,
        )
        return [AcceptedApplication(**row) for row in rows]


async def install_accepted_applications(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".accepted_applications (
            application_id uuid PRIMARY KEY,
            candidate_id uuid NOT NULL,
            scheme_code text NOT NULL,
            scheme_version integer NOT NULL,
            occupational_group text NOT NULL,
            cooperative_id uuid NOT NULL,
            district_code text NOT NULL,
            adjustment_needs text[] NOT NULL,
            accepted_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS accepted_applications_district
            ON "{schema}".accepted_applications (district_code, accepted_at);
        ALTER TABLE "{schema}".accepted_applications ADD COLUMN IF NOT EXISTS lsp_id uuid;
        GRANT SELECT, INSERT ON "{schema}".accepted_applications TO kompeten_app;
    """)
