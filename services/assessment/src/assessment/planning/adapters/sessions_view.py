"""Read model of the sessions: one row per session and one per assignment, for listing, for the
overlap check and for whoever asks which session a candidate or an assessor is in. Built from
assessment's own log by eventkit's ProjectionRunner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from assessment.planning.domain.session import (
    CandidatesAssigned,
    ExamStarted,
    SessionCancelled,
    SessionEvent,
    SessionScheduled,
)
from assessment.planning.domain.session_changes import SessionRescheduled
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier


class SessionsProjection:
    name = "sessions"
    handles = REGISTRY.select(
        SessionScheduled, CandidatesAssigned, ExamStarted, SessionCancelled, SessionRescheduled
    )
    tables: Sequence[str] = ("sessions", "session_assignments")

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        s, x = self.schema, table_suffix
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {s}.sessions{x} (
                session_id uuid PRIMARY KEY, lsp_id uuid, scheme_code text NOT NULL,
                scheme_version integer NOT NULL, site_id uuid NOT NULL,
                district_code text NOT NULL, starts_at timestamptz NOT NULL,
                ends_at timestamptz NOT NULL, exam_minutes integer NOT NULL,
                capacity integer NOT NULL, assessor_ids uuid[] NOT NULL,
                assigned integer NOT NULL DEFAULT 0, started_at timestamptz,
                deadline timestamptz, cancelled boolean NOT NULL DEFAULT false);
            CREATE INDEX IF NOT EXISTS sessions_lsp{x} ON {s}.sessions{x} (lsp_id, starts_at);
            CREATE TABLE IF NOT EXISTS {s}.session_assignments{x} (
                session_id uuid NOT NULL, candidate_id uuid NOT NULL, attempt_id uuid NOT NULL,
                assessor_id uuid NOT NULL, application_id uuid NOT NULL,
                starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL,
                cancelled boolean NOT NULL DEFAULT false,
                PRIMARY KEY (session_id, candidate_id));
            CREATE INDEX IF NOT EXISTS session_assignments_candidate{x}
                ON {s}.session_assignments{x} (candidate_id);
            CREATE UNIQUE INDEX IF NOT EXISTS session_assignments_attempt{x}
                ON {s}.session_assignments{x} (attempt_id);
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[SessionEvent]], table_suffix: str = ""
    ) -> None:
        sessions = f"{self.schema}.sessions{table_suffix}"
        assignments = f"{self.schema}.session_assignments{table_suffix}"
        for decoded in events:
            event = decoded.event
            if isinstance(event, SessionScheduled):
                await conn.execute(
                    f"INSERT INTO {sessions} (session_id, lsp_id, scheme_code, scheme_version, "
                    "site_id, district_code, starts_at, ends_at, exam_minutes, capacity, "
                    "assessor_ids) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) "
                    "ON CONFLICT (session_id) DO NOTHING",
                    event.session_id, event.lsp_id, event.scheme_code, event.scheme_version,
                    event.site_id, event.district_code, event.starts_at, event.ends_at,
                    event.exam_minutes, event.capacity, event.assessor_ids,
                )  # fmt: skip
            elif isinstance(event, CandidatesAssigned):
                rows = [(a.candidate_id, a.attempt_id, a.assessor_id, a.application_id)
                        for a in event.assignments]  # fmt: skip
                await conn.execute(
                    f"INSERT INTO {assignments} (session_id, candidate_id, attempt_id, "
                    "assessor_id, application_id, starts_at, ends_at) "
                    "SELECT $1, c, t, a, p, s.starts_at, s.ends_at FROM unnest($2::uuid[], "
                    f"$3::uuid[], $4::uuid[], $5::uuid[]) AS u(c, t, a, p), {sessions} s "
                    "WHERE s.session_id = $1 ON CONFLICT DO NOTHING",
                    event.session_id, *map(list, zip(*rows, strict=True)),
                )  # fmt: skip
                await conn.execute(
                    f"UPDATE {sessions} SET assigned = (SELECT count(*) FROM {assignments} "
                    "WHERE session_id = $1) WHERE session_id = $1",
                    event.session_id,
                )
            elif isinstance(event, ExamStarted):
                await conn.execute(
                    f"UPDATE {sessions} SET started_at = $2, deadline = $3 WHERE session_id = $1",
                    event.session_id, event.started_at, event.deadline,
                )  # fmt: skip
            elif isinstance(event, SessionRescheduled):
                for table in (sessions, assignments):  # the overlap check reads the new window
                    await conn.execute(
                        f"UPDATE {table} SET starts_at = $2, ends_at = $3 WHERE session_id = $1",
                        event.session_id, event.starts_at, event.ends_at,
                    )  # fmt: skip
            elif isinstance(event, SessionCancelled):
                await conn.execute(
                    f"UPDATE {sessions} SET cancelled = true WHERE session_id = $1;",
                    event.session_id,
                )
                await conn.execute(
                    f"UPDATE {assignments} SET cancelled = true WHERE session_id = $1",
                    event.session_id,
                )


class PostgresOverlaps:
    """planning's Overlaps port over the assignments read model."""

    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.session_assignments"

    async def overlapping(
        self, candidate_ids: list[UUID], starts_at: datetime, ends_at: datetime, session_id: UUID
    ) -> dict[UUID, UUID]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, session_id FROM {self.table} WHERE candidate_id = ANY($1) "
            "AND NOT cancelled AND session_id <> $4 AND starts_at < $3 AND ends_at > $2",
            candidate_ids, starts_at, ends_at, session_id,
        )  # fmt: skip
        return {row["candidate_id"]: row["session_id"] for row in rows}
