"""The sealed holder details certificate received (table holders, the latest per candidate)
and the record of every opening (table personal_data_reads: whose, why, by whom, when).
Nothing here is readable without the holder's key, which this service does not keep."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.holders.application.holder_details import Blob, Purpose
from eventkit.store.schema import identifier
from kompeten_contracts.internal import HolderDetailsSealedV1


class PostgresHolders:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        s = identifier(schema)
        self.table, self.reads = f"{s}.holders", f"{s}.personal_data_reads"

    async def keep(self, tx: Any, event: HolderDetailsSealedV1) -> None:
        """In the inbox's transaction; an older acceptance arriving late changes nothing."""
        await tx.execute(
            f"INSERT INTO {self.table} AS h (candidate_id, application_id, lsp_id, sealed, "
            "accepted_at) VALUES ($1, $2, $3, $4::text::jsonb, $5) ON CONFLICT (candidate_id) "
            "DO UPDATE SET application_id = excluded.application_id, lsp_id = excluded.lsp_id, "
            "sealed = excluded.sealed, accepted_at = excluded.accepted_at, received_at = now() "
            "WHERE h.accepted_at <= excluded.accepted_at",
            event.candidate_id, event.application_id, event.lsp_id, json.dumps(event.sealed),
            event.accepted_at,
        )  # fmt: skip

    async def sealed(self, candidate_ids: Sequence[UUID]) -> dict[UUID, Blob]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, sealed FROM {self.table} WHERE candidate_id = ANY($1::uuid[])",
            list(candidate_ids),
        )
        return {row["candidate_id"]: _json(row["sealed"]) for row in rows}

    async def record_reads(
        self, candidate_ids: Sequence[UUID], purpose: Purpose, actor: UUID | None
    ) -> None:
        await self.pool.execute(
            f"INSERT INTO {self.reads} (candidate_id, purpose, actor_id) "
            "SELECT unnest($1::uuid[]), $2, $3",
            list(candidate_ids), purpose.value, actor,
        )  # fmt: skip


def _json(value: Any) -> Blob:
    found: Blob = json.loads(value) if isinstance(value, str) else value
    return found


async def install_holders(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.holders (
            candidate_id uuid PRIMARY KEY, application_id uuid NOT NULL, lsp_id uuid,
            sealed jsonb NOT NULL, accepted_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {s}.personal_data_reads (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, candidate_id uuid NOT NULL,
            purpose text NOT NULL, actor_id uuid, read_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS personal_data_reads_candidate
            ON {s}.personal_data_reads (candidate_id, read_at);
        GRANT SELECT, INSERT, UPDATE ON {s}.holders TO kompeten_app;
        GRANT SELECT, INSERT ON {s}.personal_data_reads TO kompeten_app;
    """)
