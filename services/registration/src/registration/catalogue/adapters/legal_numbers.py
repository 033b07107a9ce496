"""Reservation of cooperatives' legal numbers (nomor badan hukum): one cooperative per number."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from eventkit.store.schema import Conn, identifier
from registration.shared.adapters.reservations import reserve


class PostgresLegalNumberIndex:
    def __init__(self, schema: str) -> None:
        self.table = f"{identifier(schema)}.cooperative_legal_numbers"

    async def claim(
        self, tx: asyncpg.Connection, legal_number: str, cooperative_id: UUID
    ) -> UUID | None:
        # No two cooperatives share a legal number.
        return await reserve(
            tx, self.table, "legal_number", "cooperative_id", legal_number, cooperative_id
        )


async def install_legal_numbers(conn: Conn, schema: str) -> None:
    table = f"{identifier(schema)}.cooperative_legal_numbers"
    await conn.execute(
        f"CREATE TABLE IF NOT EXISTS {table} (legal_number text PRIMARY KEY, "
        "cooperative_id uuid NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());"
        f"GRANT SELECT, INSERT ON {table} TO kompeten_app"
    )
