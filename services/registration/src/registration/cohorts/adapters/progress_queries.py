"""Queries of the progress view: the districts' totals, a district's, its cooperatives one by one
(named from the cooperative registry's read model) and its schemes."""

from __future__ import annotations

from typing import Any

import asyncpg

from eventkit.store.schema import identifier

STATUSES = ("submitted", "returned", "accepted", "rejected")
_COUNTS = ", ".join(f"count(*) FILTER (WHERE status = '{s}') AS {s}" for s in STATUSES)


class PostgresProgress:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.s = pool, identifier(schema)

    async def district(self, district_code: str) -> dict[str, Any]:
        registered = await self.pool.fetchval(
            f"SELECT registered FROM {self.s}.progress_districts WHERE district_code = $1",
            district_code,
        )
        counts = await self.pool.fetchrow(
            f"SELECT {_COUNTS} FROM {self.s}.progress_applications WHERE district_code = $1",
            district_code,
        )
        return {
            "district_code": district_code,
            "registered": int(registered or 0),
            **dict(counts or {}),
        }

    async def cooperatives(self, district_code: str) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"WITH apps AS (SELECT cooperative_id, {_COUNTS} FROM {self.s}.progress_applications "
            "WHERE district_code = $1 GROUP BY cooperative_id), "
            f"regs AS (SELECT cooperative_id, registered FROM {self.s}.progress_cooperatives "
            "WHERE district_code = $1) "
            "SELECT cooperative_id, c.name, coalesce(r.registered, 0) AS registered, "
            + ", ".join(f"coalesce(a.{s}, 0) AS {s}" for s in STATUSES)
            + f" FROM regs r FULL JOIN apps a USING (cooperative_id) "
            f"LEFT JOIN {self.s}.cooperatives c USING (cooperative_id) "
            "ORDER BY c.name NULLS LAST, cooperative_id",
            district_code,
        )
        return [dict(r) for r in rows]

    async def districts(self, codes: list[str] | None) -> list[dict[str, Any]]:
        """Every district with candidates or applications; only `codes` when given."""
        rows = await self.pool.fetch(
            f"WITH apps AS (SELECT district_code, {_COUNTS} FROM {self.s}.progress_applications "
            "GROUP BY district_code) "
            "SELECT district_code, coalesce(d.registered, 0) AS registered, "
            + ", ".join(f"coalesce(a.{s}, 0) AS {s}" for s in STATUSES)
            + f" FROM {self.s}.progress_districts d FULL JOIN apps a USING (district_code) "
            "WHERE $1::text[] IS NULL OR district_code = ANY($1::text[]) ORDER BY district_code",
            codes,
        )
        return [dict(r) for r in rows]

    async def schemes(self, district_code: str) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT scheme_code, {_COUNTS} FROM {self.s}.progress_schemes "
            "WHERE district_code = $1 GROUP BY scheme_code ORDER BY scheme_code",
            district_code,
        )
        return [dict(r) for r in rows]
