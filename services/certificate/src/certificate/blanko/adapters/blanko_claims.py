"""Which certificate holds each blanko number of an LSP (table blanko_numbers), claimed in the
transaction that attaches it: two imports at once cannot put one number on two certificates
(the second's insert waits for the first's commit, then finds the number taken). And the LSP's
certificates by number, from the register read model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.store.schema import identifier

LSP_KEY = "coalesce($1::uuid::text, '')"  # an LSP, or none (records from before tenancy)


class PostgresBlankoClaims:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def holders(self, lsp_id: UUID | None, blankos: Sequence[str]) -> dict[str, UUID]:
        rows = await self.pool.fetch(
            f"SELECT blanko_number, certificate_id FROM {self.schema}.blanko_numbers "
            f"WHERE lsp_key = {LSP_KEY} AND blanko_number = ANY($2::text[])",
            lsp_id, list(blankos),
        )  # fmt: skip
        return {row["blanko_number"]: row["certificate_id"] for row in rows}

    async def claim(
        self, tx: Any, lsp_id: UUID | None, pairs: Sequence[tuple[str, UUID]]
    ) -> list[str]:
        if not pairs:
            return []
        await tx.execute(
            f"INSERT INTO {self.schema}.blanko_numbers (lsp_key, blanko_number, certificate_id) "
            f"SELECT {LSP_KEY}, b, c FROM unnest($2::text[], $3::uuid[]) AS p(b, c) "
            "ON CONFLICT DO NOTHING",
            lsp_id, [b for b, _ in pairs], [c for _, c in pairs],
        )  # fmt: skip
        rows = await tx.fetch(
            f"SELECT n.blanko_number FROM {self.schema}.blanko_numbers n "
            "JOIN unnest($2::text[], $3::uuid[]) AS p(b, c) ON n.blanko_number = p.b "
            f"WHERE n.lsp_key = {LSP_KEY} AND n.certificate_id <> p.c",
            lsp_id, [b for b, _ in pairs], [c for _, c in pairs],
        )  # fmt: skip
        return [row["blanko_number"] for row in rows]


class PostgresCertificateNumbers:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def ids_of(self, lsp_id: UUID | None, numbers: Sequence[str]) -> dict[str, UUID]:
        rows = await self.pool.fetch(
            f"SELECT number, certificate_id FROM {self.schema}.certificates "
            "WHERE lsp_id IS NOT DISTINCT FROM $1 AND number = ANY($2::text[])",
            lsp_id, list(numbers),
        )  # fmt: skip
        return {row["number"]: row["certificate_id"] for row in rows}


async def install_blanko_claims(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.blanko_numbers (
            lsp_key text NOT NULL,
            blanko_number text NOT NULL,
            certificate_id uuid NOT NULL UNIQUE,
            claimed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (lsp_key, blanko_number));
        GRANT SELECT, INSERT ON {s}.blanko_numbers TO kompeten_app;
    """)
