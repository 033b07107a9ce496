"""Read model of the exam attempts: one row per attempt with its clock, what it holds and its
last score, for the finaliser (which attempts are due) and the assessor's roster. Built from
assessment's own log by eventkit's ProjectionRunner; the attempt stream stays the authority."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from assessment.exams.application.ports import AttemptRow
from assessment.exams.domain.attempt import (
    AnswersRecorded,
    AttemptEvent,
    AttemptScored,
    ExamDrawn,
    ExamOpened,
)
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier


class AttemptsProjection:
    name = "exam_attempts"
    handles = REGISTRY.select(ExamDrawn, ExamOpened, AnswersRecorded, AttemptScored)
    tables: Sequence[str] = ("exam_attempts",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        t = f"{self.schema}.exam_attempts{table_suffix}"
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {t} (
                attempt_id uuid PRIMARY KEY, session_id uuid NOT NULL,
                candidate_id uuid NOT NULL, questions integer NOT NULL,
                closes_at timestamptz, seqs integer[] NOT NULL DEFAULT '{{}}',
                answered text[] NOT NULL DEFAULT '{{}}', superseded integer NOT NULL DEFAULT 0,
                refused integer NOT NULL DEFAULT 0, last_received timestamptz,
                revision integer NOT NULL DEFAULT 0, changed boolean NOT NULL DEFAULT false,
                score jsonb, written_through integer NOT NULL DEFAULT 0,
                complete boolean NOT NULL DEFAULT false);
            CREATE INDEX IF NOT EXISTS exam_attempts_session{table_suffix} ON {t} (session_id);
            CREATE INDEX IF NOT EXISTS exam_attempts_due{table_suffix} ON {t} (closes_at)
                WHERE revision = 0 OR changed;
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[AttemptEvent]], table_suffix: str = ""
    ) -> None:
        t = f"{self.schema}.exam_attempts{table_suffix}"
        for decoded in events:
            e = decoded.event
            if isinstance(e, ExamDrawn):
                await conn.execute(
                    f"INSERT INTO {t} (attempt_id, session_id, candidate_id, questions) "
                    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    e.attempt_id, e.session_id, e.candidate_id, len(e.questions),
                )  # fmt: skip
            elif isinstance(e, ExamOpened):
                closes_at = e.deadline + timedelta(seconds=e.grace_seconds)
                await conn.execute(
                    f"UPDATE {t} SET closes_at = $2 WHERE attempt_id = $1", e.attempt_id, closes_at
                )
            elif isinstance(e, AnswersRecorded):
                records = [*e.applied, *e.superseded, *(r.record for r in e.refused)]
                await conn.execute(
                    f"UPDATE {t} SET seqs = seqs || $2::int[], "
                    "answered = ARRAY(SELECT DISTINCT unnest(answered || $3::text[])), "
                    "superseded = superseded + $4, refused = refused + $5, last_received = $6, "
                    "changed = changed OR $7, written_through = GREATEST(written_through, $8), "
                    "complete = complete OR $9 WHERE attempt_id = $1",
                    e.attempt_id, [r.seq for r in records],
                    [r.question_id for r in e.applied], len(e.superseded), len(e.refused),
                    e.received_at, bool(e.applied), e.written_through, e.complete,
                )  # fmt: skip
            elif isinstance(e, AttemptScored):
                score = e.model_dump(
                    mode="json", include={"correct_by_unit", "questions_by_unit", "essays_to_mark",
                                          "scored_at"},
                )  # fmt: skip
                await conn.execute(
                    f"UPDATE {t} SET revision = $2, changed = false, score = $3::jsonb "
                    "WHERE attempt_id = $1",
                    e.attempt_id, e.revision, json.dumps(score),
                )  # fmt: skip


def held_through(seqs: Sequence[int]) -> int:
    held, n = set(seqs), 0
    while n + 1 in held:
        n += 1
    return n


class PostgresAttemptsView:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.exam_attempts"

    async def due(self, now: datetime, limit: int = 500) -> list[UUID]:
        rows = await self.pool.fetch(
            f"SELECT attempt_id FROM {self.table} WHERE (revision = 0 OR changed) "
            "AND closes_at <= $1 ORDER BY closes_at LIMIT $2",
            now,
            limit,
        )
        return [row["attempt_id"] for row in rows]

    async def next_close(self) -> datetime | None:
        value: datetime | None = await self.pool.fetchval(
            f"SELECT min(closes_at) FROM {self.table} WHERE revision = 0 OR changed"
        )
        return value

    async def of_session(self, session_id: UUID) -> list[AttemptRow]:
        rows = await self.pool.fetch(
            f"SELECT * FROM {self.table} WHERE session_id = $1 ORDER BY candidate_id", session_id
        )
        return [
            AttemptRow(
                attempt_id=r["attempt_id"], candidate_id=r["candidate_id"],
                questions=r["questions"], answered=len(r["answered"]),
                held_through=held_through(r["seqs"]), written_through=r["written_through"],
                complete=r["complete"], refused=r["refused"], superseded=r["superseded"],
                last_received=r["last_received"], scored=r["revision"] > 0,
            )
            for r in rows
        ]  # fmt: skip
