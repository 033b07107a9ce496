"""Every public verification, recorded (table verifications): which token (or, by number,
which number; the check code typed is not kept) was asked, whether it named a certificate,
through which channel, when. Nothing about who asked: a verifier is the public, and their
address would be personal data kept for no purpose."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from certificate.shared.adapters.group_insert import GroupInsert, Rows
from eventkit.store.schema import identifier


class PostgresVerificationLog:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.verifications"
        self.rows = GroupInsert(self._write)

    async def record(
        self, token: str, certificate_id: UUID | None, channel: str, number: str | None = None
    ) -> None:
        """Back once the asking is committed (with those asked at the same moment)."""
        await self.rows.add(
            (token[:64], certificate_id, channel, number[:64] if number is not None else None)
        )

    async def _write(self, rows: Rows) -> None:
        await self.pool.execute(
            f"INSERT INTO {self.table} (token, certificate_id, channel, number) "
            "SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[])",
            *(list(column) for column in zip(*rows, strict=True)),
        )

    async def failures_by_number(self, number: str, since: datetime) -> int:
        """Askings by this number that named nothing (a wrong or missing pair) since `since`."""
        found = await self.pool.fetchval(
            f"SELECT count(*) FROM {self.table} WHERE number = $1 AND certificate_id IS NULL "
            "AND verified_at >= $2",
            number[:64],
            since,
        )
        return int(found)

    async def count(self, certificate_id: UUID) -> int:
        found = await self.pool.fetchval(
            f"SELECT count(*) FROM {self.table} WHERE certificate_id = $1", certificate_id
        )
        return int(found)


async def install_verification_log(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.verifications (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, token text NOT NULL,
            certificate_id uuid, channel text NOT NULL,
            verified_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS verifications_certificate
            ON {s}.verifications (certificate_id, verified_at);
        ALTER TABLE {s}.verifications ADD COLUMN IF NOT EXISTS number text;
        CREATE INDEX IF NOT EXISTS verifications_number
            ON {s}.verifications (number, verified_at) WHERE number IS NOT NULL;
        GRANT SELECT, INSERT ON {s}.verifications TO kompeten_app;
    """)
