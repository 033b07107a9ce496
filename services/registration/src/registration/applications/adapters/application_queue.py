"""Read model: every application's status, and the LSP's verification queue (submitted
applications, longest waiting first). Built from the log by eventkit's ProjectionRunner, a
batch at a time: folded per application in log order, then one statement per kind of change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.applications.application.ports import QueueEntry
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationRejected,
    ApplicationReturned,
    ApplicationStarted,
    ApplicationSubmitted,
)
from registration.shared.application.events import REGISTRY

COLUMNS = (
    "application_id, candidate_id, status, scheme_code, scheme_version, district_code,"
    " submissions, waiting_since"
)
STATUS_OF: dict[type[Any], str] = {
    ApplicationSubmitted: "submitted",
    ApplicationReturned: "returned",
    ApplicationAccepted: "accepted",
    ApplicationRejected: "rejected",
}


class ApplicationQueueProjection:
    name = "application_queue"
    handles = REGISTRY.select(ApplicationStarted, *STATUS_OF)
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
            f"ON {table} (candidate_id);"
            # The LSP the application was submitted to: its staff's queue.
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS lsp_id uuid"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        started: dict[UUID, UUID] = {}  # application -> candidate
        # The last submission: waiting_since restarts on each, so a resubmission queues again
        # (its recorded time, so a rebuild agrees).
        submitted: dict[UUID, tuple[ApplicationSubmitted, datetime]] = {}
        status: dict[UUID, str] = {}  # the last word on each application
        for item in events:
            event = item.event
            if isinstance(event, ApplicationStarted):
                started.setdefault(event.application_id, event.candidate_id)
                continue
            if isinstance(event, ApplicationSubmitted):
                submitted[event.application_id] = (event, item.recorded_at)
            status[event.application_id] = STATUS_OF[type(event)]
        table = f"{self.schema}.application_queue{table_suffix}"
        if started:
            await conn.execute(
                f"INSERT INTO {table} (application_id, candidate_id, status) "
                "SELECT a, c, 'draft' FROM unnest($1::uuid[], $2::uuid[]) AS t(a, c) "
                "ON CONFLICT DO NOTHING",
                list(started), list(started.values()),
            )  # fmt: skip
        if submitted:
            ids, subs = list(submitted), list(submitted.values())
            await conn.execute(
                f"UPDATE {table} AS q SET status = u.status, scheme_code = u.scheme_code, "
                "scheme_version = u.scheme_version, district_code = u.district_code, "
                "submissions = u.submissions, waiting_since = u.waiting_since, "
                "lsp_id = u.lsp_id FROM unnest("
                "$1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], "
                "$7::timestamptz[], $8::uuid[]) AS u(application_id, status, scheme_code, "
                "scheme_version, district_code, submissions, waiting_since, lsp_id) "
                "WHERE q.application_id = u.application_id",
                ids, [status[a] for a in ids], [e.scheme_code for e, _ in subs],
                [e.scheme_version for e, _ in subs], [e.district_code for e, _ in subs],
                [e.submission for e, _ in subs], [at for _, at in subs],
                [e.lsp_id for e, _ in subs],
            )  # fmt: skip
        changed = [a for a in status if a not in submitted]
        if changed:
            await conn.execute(
                f"UPDATE {table} AS q SET status = u.status FROM "
                "unnest($1::uuid[], $2::text[]) AS u(application_id, status) "
                "WHERE q.application_id = u.application_id",
                changed, [status[a] for a in changed],
            )  # fmt: skip


class PostgresApplicationQueue:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.application_queue"

    async def waiting(
        self, limit: int, district_code: str | None = None, lsp_id: UUID | None = None
    ) -> list[QueueEntry]:
        """The LSP's applications waiting for verification, oldest first (an LSP of None: the
        applications from before LSPs were tenants)."""
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE status = 'submitted' "
            "AND ($2::text IS NULL OR district_code = $2) AND lsp_id IS NOT DISTINCT FROM $3 "
            "ORDER BY waiting_since, application_id LIMIT $1",
            limit,
            district_code,
            lsp_id,
        )
        return [QueueEntry(**row) for row in rows]

    async def applied_to(self, candidate_id: UUID, lsp_id: UUID | None) -> bool:
        found: bool = await self.pool.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {self.table} WHERE candidate_id = $1 "
            "AND status <> 'draft' AND lsp_id IS NOT DISTINCT FROM $2)",
            candidate_id,
            lsp_id,
        )
        return found

    async def of_candidate(self, candidate_id: UUID) -> list[QueueEntry]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE candidate_id = $1 ORDER BY application_id",
            candidate_id,
        )
        return [QueueEntry(**row) for row in rows]
