"""Which assessment notices went out, in PostgreSQL: recorded on its own connection the moment
the mail is handed to SMTP, so a redelivered event (the inbox transaction that sent it rolled
back) does not mail anyone twice."""

from __future__ import annotations

import asyncpg

from eventkit.store.schema import Conn, identifier


async def install_sent_notices(conn: Conn, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(
        f"CREATE TABLE IF NOT EXISTS {s}.assessment_notices_sent (notice text PRIMARY KEY,"
        " sent_at timestamptz NOT NULL DEFAULT now());"
        f"GRANT SELECT, INSERT ON {s}.assessment_notices_sent TO kompeten_app"
    )


class PostgresSentNotices:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.table = pool, f"{identifier(schema)}.assessment_notices_sent"

    async def sent(self, notice: str) -> bool:
        found = await self.pool.fetchval(f"SELECT true FROM {self.table} WHERE notice = $1", notice)
        return bool(found)

    async def record(self, notice: str) -> None:
        await self.pool.execute(
            f"INSERT INTO {self.table} (notice) VALUES ($1) ON CONFLICT DO NOTHING", notice
        )
