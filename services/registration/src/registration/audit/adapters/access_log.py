"""Staff reads of personal data, in an append-only table: the application role may insert and
select, never change or delete a row."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from kompeten_contracts.roles import Role
from registration.audit.application.ports import PersonalDataRead


async def install_access_log(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".personal_data_reads (
            id bigserial PRIMARY KEY,
            subject_id uuid NOT NULL,
            reader_id uuid NOT NULL,
            reader_role text NOT NULL,
            what text NOT NULL,
            read_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS personal_data_reads_subject
            ON "{schema}".personal_data_reads (subject_id, read_at DESC);
        GRANT SELECT, INSERT ON "{schema}".personal_data_reads TO kompeten_app;
        GRANT USAGE ON SEQUENCE "{schema}".personal_data_reads_id_seq TO kompeten_app;
    """)


class PostgresAccessLog:
    def __init__(self, pool: Any, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".personal_data_reads'

    async def record(self, tx: Any, read: PersonalDataRead) -> None:
        await tx.execute(
            f"INSERT INTO {self.table} (subject_id, reader_id, reader_role, what, read_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            read.subject_id, read.reader_id, read.reader_role.value, read.what, read.read_at,
        )  # fmt: skip

    async def of_subject(self, subject_id: UUID, limit: int) -> list[PersonalDataRead]:
        rows = await self.pool.fetch(
            f"SELECT reader_id, reader_role, what, read_at FROM {self.table} "
            "WHERE subject_id = $1 ORDER BY read_at DESC, id DESC LIMIT $2",
            subject_id,
            limit,
        )
        return [
            PersonalDataRead(subject_id, r["reader_id"], Role(r["reader_role"]), r["what"],
                             r["read_at"])
            for r in rows
        ]  # fmt: skip
