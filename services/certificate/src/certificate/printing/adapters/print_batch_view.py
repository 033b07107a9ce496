"""Read model of print batches (table print_batches): what each batch looks at, who of it is
ready, printed before or missing and why, how far its pages are (the progress), its file and
its follow-up. Built from the log by eventkit's ProjectionRunner."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.printing.domain.print_batch import (
    FollowUpOpened,
    PagesRendered,
    PrintBatchRequested,
    PrintFileMerged,
)
from certificate.printing.domain.readiness import FINAL, Status
from certificate.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

COLUMNS = (
    "batch_id, lsp_id, session_id, scope, reprint, reason, follow_up_of, requested_by, "
    "requested_at, members, due, carried, rendered, skipped, pages, sha256, size_bytes, "
    "merged_at, follow_up_id"
)


class PrintBatchViewProjection:
    name = "print_batches"
    handles = REGISTRY.select(PrintBatchRequested, PagesRendered, PrintFileMerged, FollowUpOpened)
    tables: Sequence[str] = ("print_batches",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.print_batches{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "batch_id uuid PRIMARY KEY, lsp_id uuid, session_id uuid, scope jsonb NOT NULL, "
            "reprint boolean NOT NULL, reason text, follow_up_of uuid, requested_by uuid, "
            "requested_at timestamptz NOT NULL, members jsonb NOT NULL, due integer NOT NULL, "
            "carried integer NOT NULL, rendered integer NOT NULL DEFAULT 0, "
            "skipped jsonb NOT NULL DEFAULT '[]', pages integer, sha256 text, size_bytes integer,"
            " merged_at timestamptz, follow_up_id uuid);"
            f"CREATE INDEX IF NOT EXISTS print_batches_lsp{table_suffix} "
            f"ON {table} (lsp_id, requested_at)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        # One statement per kind, in this order: a batch's request precedes its pages, its
        # file and its follow-up in the log.
        table = f"{self.schema}.print_batches{table_suffix}"
        found = [d.event for d in events]
        await conn.executemany(
            f"INSERT INTO {table} (batch_id, lsp_id, session_id, scope, reprint, reason, "
            "follow_up_of, requested_by, requested_at, members, due, carried) VALUES ($1, $2, "
            "$3, $4::text::jsonb, $5, $6, $7, $8, $9, $10::text::jsonb, $11, $12) "
            "ON CONFLICT (batch_id) DO NOTHING",
            [(e.batch_id, e.lsp_id, e.scope.session_id, e.scope.model_dump_json(), e.reprint,
              e.reason, e.follow_up_of, e.requested_by, e.at,
              json.dumps([m.model_dump(mode="json") for m in e.members]),
              sum(m.status is Status.READY for m in e.members),
              sum(m.carried for m in e.members))
             for e in found if isinstance(e, PrintBatchRequested)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET rendered = rendered + $2, "
            "skipped = skipped || $3::text::jsonb, carried = carried + $4 WHERE batch_id = $1",
            [(e.batch_id, len(e.certificate_ids),
              json.dumps([{"certificate_id": str(c), "reason": r.value} for c, r in e.skipped]),
              sum(r not in FINAL for _, r in e.skipped))
             for e in found if isinstance(e, PagesRendered)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET pages = $2, sha256 = $3, size_bytes = $4, merged_at = $5 "
            "WHERE batch_id = $1",
            [(e.batch_id, e.pages, e.sha256, e.size_bytes, e.at)
             for e in found if isinstance(e, PrintFileMerged)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET follow_up_id = $2 WHERE batch_id = $1",
            [(e.batch_id, e.follow_up_id) for e in found if isinstance(e, FollowUpOpened)],
        )


class PostgresPrintBatchView:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.print_batches"

    async def one(self, lsp_id: UUID | None, batch_id: UUID) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE batch_id = $1 "
            "AND lsp_id IS NOT DISTINCT FROM $2",
            batch_id, lsp_id,
        )  # fmt: skip
        return _row(row) if row else None

    async def of_lsp(
        self, lsp_id: UUID | None, session_id: UUID | None, limit: int
    ) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE lsp_id IS NOT DISTINCT FROM $1 "
            "AND ($2::uuid IS NULL OR session_id = $2) ORDER BY requested_at DESC LIMIT $3",
            lsp_id, session_id, limit,
        )  # fmt: skip
        return [_row(row) for row in rows]

    async def batch_ids(self) -> list[UUID]:
        # Only the latest batch of a scope is followed up: after a re-run, the re-run carries
        # the members still missing.
        rows = await self.pool.fetch(
            f"SELECT batch_id FROM {self.table} b WHERE merged_at IS NOT NULL "
            "AND follow_up_id IS NULL AND carried > 0 AND NOT EXISTS (SELECT 1 FROM "
            f"{self.table} later WHERE later.lsp_id IS NOT DISTINCT FROM b.lsp_id "
            "AND later.scope = b.scope AND later.requested_at > b.requested_at) "
            "ORDER BY requested_at"
        )
        return [row["batch_id"] for row in rows]


def _row(row: asyncpg.Record) -> dict[str, Any]:
    found = dict(row)
    for name in ("scope", "members", "skipped"):
        if isinstance(found[name], str):
            found[name] = json.loads(found[name])
    return found
