"""Read model of the appeals: one row per appeal with its course (lodged, routed, decided),
for the LSP staff's list of open appeals. The grounds and the reasons are not copied here: they
are read from the appeal's own stream by those who may. Built from assessment's own log by
eventkit's ProjectionRunner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from assessment.appeals.domain.appeal import (
    AppealDecided,
    AppealEvent,
    AppealLodged,
    ReviewerAssigned,
)
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

STATUSES = ("open", "upheld", "dismissed")


class AppealListingProjection:
    name = "appeals"
    handles = REGISTRY.select(AppealLodged, ReviewerAssigned, AppealDecided)
    tables: Sequence[str] = ("appeals",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        t = f"{self.schema}.appeals{table_suffix}"
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {t} (
                appeal_id uuid PRIMARY KEY, attempt_id uuid NOT NULL, attempt_no integer NOT NULL,
                candidate_id uuid NOT NULL, application_id uuid NOT NULL, lsp_id uuid,
                scheme_code text NOT NULL, session_id uuid NOT NULL,
                lodged_at timestamptz NOT NULL, reviewer_id uuid,
                status text NOT NULL DEFAULT 'open', decided_at timestamptz);
            CREATE INDEX IF NOT EXISTS appeals_lsp{table_suffix} ON {t} (lsp_id, status, lodged_at);
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[AppealEvent]], table_suffix: str = ""
    ) -> None:
        t = f"{self.schema}.appeals{table_suffix}"
        for decoded in events:
            e = decoded.event
            if isinstance(e, AppealLodged):
                await conn.execute(
                    f"INSERT INTO {t} (appeal_id, attempt_id, attempt_no, candidate_id, "
                    "application_id, lsp_id, scheme_code, session_id, lodged_at) "
                    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING",
                    e.appeal_id, e.attempt_id, e.attempt_no, e.candidate_id, e.application_id,
                    e.lsp_id, e.scheme_code, e.session_id, e.lodged_at,
                )  # fmt: skip
            elif isinstance(e, ReviewerAssigned):
                await conn.execute(
                    f"UPDATE {t} SET reviewer_id = $2 WHERE appeal_id = $1",
                    e.appeal_id, e.reviewer_id,
                )  # fmt: skip
            else:
                await conn.execute(
                    f"UPDATE {t} SET status = $2, decided_at = $3 WHERE appeal_id = $1",
                    e.appeal_id, e.outcome.value, e.decided_at,
                )  # fmt: skip


class PostgresAppealListing:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.appeals"

    async def listed(self, lsp_id: UUID | None, status: str | None) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT * FROM {self.table} WHERE lsp_id IS NOT DISTINCT FROM $1 "
            "AND ($2::text IS NULL OR status = $2) ORDER BY lodged_at DESC LIMIT 1000",
            lsp_id, status,
        )  # fmt: skip
        return [dict(row) for row in rows]
