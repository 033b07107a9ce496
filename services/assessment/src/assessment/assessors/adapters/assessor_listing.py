"""Read model of an LSP's assessors (table assessors), for listing by scheme and district: one
row per assessor with the licence, schemes, home district and unavailable dates. Relations and
trainings stay on the assessor's stream (assessor_commands.assessor reads them there)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from assessment.assessors.domain.assessor_events import (
    AssessorEvent,
    AssessorRegistered,
    AssessorSchemesSet,
    AssessorUnavailabilityDeclared,
)
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

COLUMNS = (
    "assessor_id, lsp_id, met_number, licence_valid_until, scheme_codes, district_code, "
    "cooperative_id, unavailable, registered_at"
)


class AssessorListingProjection:
    name = "assessors"
    handles = REGISTRY.select(
        AssessorRegistered, AssessorSchemesSet, AssessorUnavailabilityDeclared
    )
    tables: Sequence[str] = ("assessors",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.assessors{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "assessor_id uuid PRIMARY KEY, lsp_id uuid NOT NULL, met_number text NOT NULL, "
            "licence_valid_until date NOT NULL, scheme_codes text[] NOT NULL, "
            "district_code text NOT NULL, cooperative_id uuid, "
            "unavailable date[] NOT NULL DEFAULT '{}', registered_at timestamptz NOT NULL, "
            "changed_at timestamptz NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS assessors_lsp_district{table_suffix} "
            f"ON {table} (lsp_id, district_code)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[AssessorEvent]], table_suffix: str = ""
    ) -> None:
        # Registrations first (each precedes its assessor's changes in the log); scheme sets in
        # log order (the last wins, as one by one); unavailable dates only accumulate.
        table = f"{self.schema}.assessors{table_suffix}"
        found = [d.event for d in events]
        await conn.executemany(
            f"INSERT INTO {table} (assessor_id, lsp_id, met_number, licence_valid_until, "
            "scheme_codes, district_code, cooperative_id, registered_at, changed_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (assessor_id) DO NOTHING",
            [(e.assessor_id, e.lsp_id, e.met_number, e.licence_valid_until, list(e.scheme_codes),
              e.district_code, e.cooperative_id, e.at)
             for e in found if isinstance(e, AssessorRegistered)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET scheme_codes = $2, changed_at = $3 WHERE assessor_id = $1",
            [(e.assessor_id, list(e.scheme_codes), e.at)
             for e in found if isinstance(e, AssessorSchemesSet)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET unavailable = ARRAY(SELECT DISTINCT d FROM "
            "unnest(unavailable || $2::date[]) AS d ORDER BY d), changed_at = $3 "
            "WHERE assessor_id = $1",
            [(e.assessor_id, list(e.dates), e.at)
             for e in found if isinstance(e, AssessorUnavailabilityDeclared)],
        )  # fmt: skip


class PostgresAssessorListing:
    """The listing the API serves: an LSP's assessors, by scheme and district if asked."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.assessors"

    async def of_lsp(
        self,
        lsp_id: UUID | None,
        scheme_code: str | None = None,
        district_code: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE lsp_id = $1 "
            "AND ($2::text IS NULL OR $2 = ANY (scheme_codes)) "
            "AND ($3::text IS NULL OR district_code = $3) "
            "ORDER BY district_code, met_number, assessor_id LIMIT $4",
            lsp_id,
            scheme_code,
            district_code,
            limit,
        )
        return [dict(row) for row in rows]
