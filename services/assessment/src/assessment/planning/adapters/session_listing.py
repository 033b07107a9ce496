"""The LSP's sessions for its planning board, from planning's sessions read model: one LSP's
only (the tenant is always in the WHERE), filtered by start, site and status, a page at a time
in a stable order (start, then id) so that pages neither repeat nor skip a row."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from assessment.planning.application.ports import ListedSession, SessionFilter
from eventkit.store.schema import identifier

STATUS_WHERE = {
    "scheduled": "NOT cancelled AND started_at IS NULL",
    "started": "NOT cancelled AND started_at IS NOT NULL",
    "cancelled": "cancelled",
}
COLUMNS = (
    "session_id, scheme_code, scheme_version, site_id, district_code, starts_at, ends_at, "
    "exam_minutes, capacity, assessor_ids, assigned, started_at, deadline, cancelled"
)


class PostgresSessionListing:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.sessions"

    async def of_lsp(self, lsp_id: UUID | None, which: SessionFilter) -> list[ListedSession]:
        where = [
            "lsp_id IS NOT DISTINCT FROM $1",
            "($2::timestamptz IS NULL OR starts_at >= $2)",
            "($3::timestamptz IS NULL OR starts_at < $3)",
            "($4::uuid IS NULL OR site_id = $4)",
        ]
        if which.status is not None:
            where.append(STATUS_WHERE[which.status])  # a fixed clause, never the caller's text
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE {' AND '.join(where)} "
            "ORDER BY starts_at, session_id LIMIT $5 OFFSET $6",
            lsp_id, which.starts_from, which.starts_to, which.site_id, which.limit, which.offset,
        )  # fmt: skip
        return [ListedSession(**{**dict(row), "assessor_ids": list(row["assessor_ids"])})
                for row in rows]  # fmt: skip
