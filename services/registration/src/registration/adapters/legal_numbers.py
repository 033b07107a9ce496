"""Reservation of cooperatives' legal numbers (nomor badan hukum): one cooperative per number."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from eventkit.store.schema import Conn, identifier


class PostgresLegalNumberIndex:
    def __init__(self, schema: str) -> None:
        self.table = f"{identifier(schema)}.cooperative_legal_numbers"

    async def claim(
        self, tx: asyncpg.Connection, legal_number: str, cooperative_id: UUID
    ) -> UUID | None:
        # The primary key makes a concurrent second claim of one number wait for the first
        # transaction, then find its holder: no two cooperatives share a legal number.
        inserted = await tx.fetchval(
            f"INSERT INTO {self.table} (legal_number, cooperative_id) VALUES ($1, $2) "
            "ON CONFLICT (legal_number) DO NOTHING RETURNING cooperative_id",
            legal_number,
            cooperative_id,
        )
        if inserted is not None:
            return None
        holder: UUID = await tx.fetchval(
            f"SELECT cooperative_id FROM {self.table} WHERE legal_number = $1", legal_number
        )
        return holder


async def install_legal_numbers(conn: Conn, schema: str) -> None:
    table = f"{identifier(schema)}.cooperative_legal_numbers"
    await conn.execute(
        f"CREATE TABLE IF NOT EXISTS {table} (legal_number text PRIMARY KEY, "
        "cooperative_id uuid NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());"
        f"GRANT SELECT, INSERT ON {table} TO kompeten_app"
    )
