"""Read model of the status lists (table status_list_entries): per certificate that has an
index, its LSP, index and the two bits: suspended (set by CertificateSuspended, cleared by
CertificateReinstated) and revoked (set for good by CertificateWithdrawn and by
CertificateReplaced: a corrected certificate takes the old one's place). Followed by eventkit's
ProjectionRunner within moments (LISTEN/NOTIFY), so a published list shows a suspension or a
reinstatement seconds after it is recorded; a rebuild replays the log to the same rows.
Expiry sets no bit: the credential's own validUntil says it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.issuance.domain.certificate import CertificateIssued
from certificate.issuance.domain.certificate_events import (
    CertificateReinstated,
    CertificateReplaced,
    CertificateSuspended,
    CertificateWithdrawn,
)
from certificate.shared.application.events import REGISTRY
from certificate.status_lists.adapters.index_table import NO_LSP
from certificate.status_lists.domain.bitstring import StatusPurpose
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

# A change's effect: (column, value).
EFFECT: dict[type[Any], tuple[str, bool]] = {
    CertificateSuspended: ("suspended", True),
    CertificateReinstated: ("suspended", False),
    CertificateWithdrawn: ("revoked", True),
    CertificateReplaced: ("revoked", True),
}
COLUMN = {StatusPurpose.SUSPENSION: "suspended", StatusPurpose.REVOCATION: "revoked"}


class StatusEntriesProjection:
    name = "status_list_entries"
    handles = REGISTRY.select(CertificateIssued, *EFFECT)
    tables: Sequence[str] = ("status_list_entries",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.status_list_entries{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (certificate_id uuid PRIMARY KEY, "
            "lsp_id uuid NOT NULL, idx integer NOT NULL, suspended boolean NOT NULL DEFAULT "
            "false, revoked boolean NOT NULL DEFAULT false, changed_at timestamptz NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS status_list_entries_lsp{table_suffix} "
            f"ON {table} (lsp_id) WHERE suspended OR revoked"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        # In log order: a certificate's issue precedes its changes.
        table = f"{self.schema}.status_list_entries{table_suffix}"
        for decoded in events:
            event = decoded.event
            if isinstance(event, CertificateIssued):
                if event.status_index is not None:
                    await conn.execute(
                        f"INSERT INTO {table} (certificate_id, lsp_id, idx, changed_at) "
                        "VALUES ($1, $2, $3, $4) ON CONFLICT (certificate_id) DO NOTHING",
                        event.certificate_id, event.lsp_id or NO_LSP, event.status_index,
                        event.at,
                    )  # fmt: skip
                continue
            column, value = EFFECT[type(event)]
            await conn.execute(
                f"UPDATE {table} SET {column} = $2, changed_at = $3 WHERE certificate_id = $1",
                event.certificate_id, value, event.at,
            )  # fmt: skip


class PostgresStatusEntries:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def highest_index(self, lsp_id: UUID) -> int | None:
        """The highest index the LSP gave (its lists are long enough to hold it); None when it
        gave none: it has no lists."""
        found = await self.pool.fetchval(
            f"SELECT max(idx) FROM {self.schema}.status_list_indices WHERE lsp_id = $1", lsp_id
        )
        return None if found is None else int(found)

    async def set_indices(self, lsp_id: UUID, purpose: StatusPurpose) -> list[int]:
        rows = await self.pool.fetch(
            f"SELECT idx FROM {self.schema}.status_list_entries "
            f"WHERE lsp_id = $1 AND {COLUMN[purpose]} ORDER BY idx",
            lsp_id,
        )
        return [int(row["idx"]) for row in rows]
