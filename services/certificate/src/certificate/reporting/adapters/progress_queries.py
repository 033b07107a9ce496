"""Certification progress counted from its read model (progress_view): per district of one
LSP, and per scheme of one district. Decided counts K and BK; issued and printed count
recommendations with a certificate issued, printed, and collected by the holder."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from eventkit.store.schema import identifier

COUNTS = (
    "count(*) FILTER (WHERE outcome IS NOT NULL) AS decided, "
    "count(*) FILTER (WHERE outcome = 'K') AS competent, "
    "count(*) FILTER (WHERE outcome = 'BK') AS not_yet_competent, "
    "count(*) FILTER (WHERE issued) AS issued, count(*) FILTER (WHERE printed) AS printed, "
    "count(*) FILTER (WHERE collected) AS collected, "
    "count(*) AS received"
)


class PostgresProgress:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.progress_attempts"

    async def districts(self, lsp_id: UUID | None) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT district_code, {COUNTS} FROM {self.table} "
            "WHERE lsp_id IS NOT DISTINCT FROM $1 GROUP BY district_code ORDER BY district_code",
            lsp_id,
        )
        return [dict(row) for row in rows]

    async def schemes(self, lsp_id: UUID | None, district_code: str) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT district_code, scheme_code, {COUNTS} FROM {self.table} "
            "WHERE lsp_id IS NOT DISTINCT FROM $1 AND district_code = $2 "
            "GROUP BY district_code, scheme_code ORDER BY scheme_code",
            lsp_id,
            district_code,
        )
        return [dict(row) for row in rows]
