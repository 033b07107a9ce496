"""The progress read model's counts (progress_view), summed per session, district or scheme
over the rows of one LSP (its staff) or of some districts (an operator)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from assessment.progress.application.progress import Counts, SessionProgress, Viewer
from eventkit.store.schema import identifier

# What each count means is written once, here, over the rows progress_view keeps.
COUNTS = """
    count(*) FILTER (WHERE NOT voided) AS scheduled,
    count(*) FILTER (WHERE NOT voided AND ((opened AND answered) OR present)) AS sat,
    count(*) FILTER (WHERE finalised) AS finalised,
    count(*) FILTER (WHERE outcome = 'K') AS recommended_k,
    count(*) FILTER (WHERE outcome = 'BK') AS recommended_bk,
    count(*) FILTER (WHERE appealed) AS appealed"""
FIELDS = ("scheduled", "sat", "finalised", "recommended_k", "recommended_bk", "appealed")


def counts(row: Any) -> Counts:
    return Counts(**{name: row[name] or 0 for name in FIELDS})


def scope(viewer: Viewer) -> tuple[str, Any]:
    """The WHERE clause (parameter $1) that keeps the viewer's rows."""
    if viewer.districts is not None:
        return "district_code = ANY($1::text[])", list(viewer.districts)
    return "lsp_id IS NOT DISTINCT FROM $1::uuid", viewer.lsp_id


class PostgresProgress:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        s = identifier(schema)
        self.sessions, self.attempts = f"{s}.progress_sessions", f"{s}.progress_attempts"

    async def session(self, session_id: UUID) -> SessionProgress | None:
        row = await self.pool.fetchrow(
            f"SELECT s.session_id, s.lsp_id, s.scheme_code, s.district_code, s.cancelled, "
            f"{COUNTS} FROM {self.sessions} s LEFT JOIN {self.attempts} a USING (session_id) "
            "WHERE s.session_id = $1 GROUP BY s.session_id",
            session_id,
        )
        if row is None:
            return None
        return SessionProgress(row["session_id"], row["lsp_id"], row["scheme_code"],
                               row["district_code"], row["cancelled"], counts(row))  # fmt: skip

    async def districts(self, viewer: Viewer) -> list[tuple[str, Counts]]:
        where, value = scope(viewer)
        rows = await self.pool.fetch(
            f"SELECT district_code, {COUNTS} FROM {self.attempts} WHERE {where} "
            "GROUP BY district_code ORDER BY district_code",
            value,
        )
        return [(row["district_code"], counts(row)) for row in rows]

    async def schemes(self, district_code: str, viewer: Viewer) -> list[tuple[str, Counts]]:
        where, value = scope(viewer)
        rows = await self.pool.fetch(
            f"SELECT scheme_code, {COUNTS} FROM {self.attempts} WHERE {where} "
            "AND district_code = $2 GROUP BY scheme_code ORDER BY scheme_code",
            value,
            district_code,
        )
        return [(row["scheme_code"], counts(row)) for row in rows]
