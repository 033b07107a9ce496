"""Read model: every application's status, and the LSP's verification queue (submitted
applications, longest waiting first). Built from the log by eventkit's ProjectionRunner."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

from eventkit.store import RecordedEvent
from eventkit.store.schema import Conn, identifier
from registration.application.application_ports import QueueEntry

COLUMNS = (
    "application_id, candidate_id, status, scheme_code, scheme_version, district_code,"
    " submissions, waiting_since"
)
STATUS_OF = {
    "ApplicationReturned": "returned",
    "ApplicationAccepted": "accepted",
    "ApplicationRejected": "rejected",
}


class ApplicationQueueProjection:
    name = "application_queue"
    tables: Sequence[str] = ("application_queue",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.application_queue{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (application_id uuid PRIMARY KEY, "
            "candidate_id uuid NOT NULL, status text NOT NULL, scheme_code text, "
            "scheme_version integer, district_code text, submissions integer NOT NULL DEFAULT 0, "
            "waiting_since timestamptz);"
            f"CREATE INDEX IF NOT EXISTS application_queue_waiting{table_suffix} "
            f"ON {table} (status, waiting_since);"
            f"CREATE INDEX IF NOT EXISTS application_queue_candidate{table_suffix} "
            f"ON {table} (candidate_id)"
        )

    async def apply(self, conn: Conn, event: RecordedEvent, table_suffix: str = "") -> None:
        table, data = f"{self.schema}.application_queue{table_suffix}", event.data
        if event.event_type == "ApplicationStarted":
            await conn.execute(
                f"INSERT INTO {table} (application_id, candidate_id, status) "
                "VALUES ($1, $2, 'draft') ON CONFLICT DO NOTHING",
                UUID(data["application_id"]),
                UUID(data["candidate_id"]),
            )
        elif event.event_type == "ApplicationSubmitted":
            # waiting_since restarts on each submission: a resubmission queues again.
            await conn.execute(
                f"UPDATE {table} SET status = 'submitted', scheme_code = $2, "
                "scheme_version = $3, district_code = $4, submissions = $5, waiting_since = $6 "
                "WHERE application_id = $1",
                UUID(data["application_id"]),
                data["scheme_code"],
                data["scheme_version"],
                data["district_code"],
                data["submission"],
                event.recorded_at,
            )
        elif event.event_type in STATUS_OF:
            await conn.execute(
                f"UPDATE {table} SET status = $2 WHERE application_id = $1",
                UUID(data["application_id"]),
                STATUS_OF[event.event_type],
            )


class PostgresApplicationQueue:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.application_queue"

    async def waiting(self, limit: int, district_code: str | None = None) -> list[QueueEntry]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE status = 'submitted' "
            "AND ($2::text IS NULL OR district_code = $2) "
            "ORDER BY waiting_since, application_id LIMIT $1",
            limit,
            district_code,
        )
        return [QueueEntry(**row) for row in rows]

    async def of_candidate(self, candidate_id: UUID) -> list[QueueEntry]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE candidate_id = $1 ORDER BY application_id",
            candidate_id,
        )
        return [QueueEntry(**row) for row in rows]
