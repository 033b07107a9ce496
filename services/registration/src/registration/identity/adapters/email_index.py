"""PostgreSQL lookups by e-mail hash: which account signs in with an address, and which
candidate staff registered with it. Plain tables (not the log), so erasure can delete rows."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from registration.identity.application.ports import AccountRef
from registration.shared.adapters.reservations import reserve


async def install_email_index(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".account_emails (
            email_hash text PRIMARY KEY,
            account_id uuid NOT NULL UNIQUE,
            candidate_id uuid UNIQUE);
        CREATE TABLE IF NOT EXISTS "{schema}".candidate_emails (
            email_hash text PRIMARY KEY,
            candidate_id uuid NOT NULL UNIQUE);
        GRANT SELECT, INSERT, UPDATE, DELETE ON "{schema}".account_emails TO kompeten_app;
        GRANT SELECT, INSERT, DELETE ON "{schema}".candidate_emails TO kompeten_app;
    """)


class PostgresEmailIndex:
    def __init__(self, schema: str) -> None:
        self.accounts = f'"{schema}".account_emails'
        self.candidates = f'"{schema}".candidate_emails'

    async def account(self, tx: asyncpg.Connection, email_hash: str) -> AccountRef | None:
        row = await tx.fetchrow(
            f"SELECT account_id, candidate_id FROM {self.accounts} WHERE email_hash = $1",
            email_hash,
        )
        return None if row is None else AccountRef(row["account_id"], row["candidate_id"])

    async def claim_account(
        self, tx: asyncpg.Connection, email_hash: str, account_id: UUID
    ) -> UUID | None:
        return await reserve(tx, self.accounts, "email_hash", "account_id", email_hash, account_id)

    async def link_account(
        self, tx: asyncpg.Connection, account_id: UUID, candidate_id: UUID
    ) -> None:
        await tx.execute(
            f"UPDATE {self.accounts} SET candidate_id = $2 WHERE account_id = $1",
            account_id,
            candidate_id,
        )

    async def candidate(self, tx: asyncpg.Connection, email_hash: str) -> UUID | None:
        found: UUID | None = await tx.fetchval(
            f"SELECT candidate_id FROM {self.candidates} WHERE email_hash = $1", email_hash
        )
        return found

    async def claim_candidate(
        self, tx: asyncpg.Connection, email_hash: str, candidate_id: UUID
    ) -> UUID | None:
        return await reserve(
            tx, self.candidates, "email_hash", "candidate_id", email_hash, candidate_id
        )

    async def forget_candidate(self, tx: asyncpg.Connection, candidate_id: UUID) -> list[UUID]:
        await tx.execute(f"DELETE FROM {self.candidates} WHERE candidate_id = $1", candidate_id)
        rows = await tx.fetch(
            f"DELETE FROM {self.accounts} WHERE candidate_id = $1 RETURNING account_id",
            candidate_id,
        )
        return [row["account_id"] for row in rows]
