"""When each phone was last heard and how far it says it has written: operational state for the
roster (not the record: the answers themselves are in the log), upserted on every batch."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from assessment.exams.application.ports import Presence
from eventkit.store.schema import identifier


class PostgresPresences:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def heard(self, tx: Any, presence: Presence) -> None:
        # GREATEST: a batch that arrives late must not move the phone's word backwards.
        await tx.execute(
            f"INSERT INTO {self.schema}.attempt_presence AS p "
            "(attempt_id, last_heard, written_through) VALUES ($1, $2, $3) "
            "ON CONFLICT (attempt_id) DO UPDATE SET "
            "last_heard = GREATEST(p.last_heard, EXCLUDED.last_heard), "
            "written_through = GREATEST(p.written_through, EXCLUDED.written_through)",
            presence.attempt_id, presence.last_heard, presence.written_through,
        )  # fmt: skip

    async def of_session(self, session_id: UUID) -> dict[UUID, Presence]:
        rows = await self.pool.fetch(
            f"SELECT p.* FROM {self.schema}.attempt_presence p "
            f"JOIN {self.schema}.exam_attempts a USING (attempt_id) WHERE a.session_id = $1",
            session_id,
        )
        return {r["attempt_id"]: Presence(r["attempt_id"], r["last_heard"], r["written_through"])
                for r in rows}  # fmt: skip


async def install_presences(conn: Any, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.attempt_presence (
            attempt_id uuid PRIMARY KEY, last_heard timestamptz NOT NULL,
            written_through integer NOT NULL);
        GRANT SELECT, INSERT, UPDATE ON {s}.attempt_presence TO kompeten_app;
    """)
