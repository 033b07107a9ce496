"""Read model of the exam attempts: one row per attempt with its clock, what it holds and its
last score, for the finaliser (which attempts are due) and the assessor's roster. Built from
assessment's own log by eventkit's ProjectionRunner; the attempt stream stays the authority."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
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
        # A run of AnswersRecorded (a hall's answers: nearly every event) folds per attempt
        # into one statement; any other event ends the run, so the order of the rows' changes
        # is the log's (a score clears `changed`, later answers set it again).
        run: dict[UUID, Answered] = {}
        for decoded in events:
            e = decoded.event
            if isinstance(e, AnswersRecorded):
                run.setdefault(e.attempt_id, Answered()).add(e)
                continue
            if run:
                await self._answered(conn, t, run)
                run = {}
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
        if run:
            await self._answered(conn, t, run)

    async def _answered(self, conn: Conn, t: str, run: dict[UUID, Answered]) -> None:
        ids, folds = list(run), list(run.values())
        # Arrays of arrays cannot be ragged: each attempt's seqs and questions go as text.
        await conn.execute(
            f"UPDATE {t} AS a SET seqs = a.seqs || u.seqs::int[], "
            "answered = ARRAY(SELECT DISTINCT unnest(a.answered || u.answered::text[])), "
            "superseded = a.superseded + u.superseded, refused = a.refused + u.refused, "
            "last_received = u.last_received, changed = a.changed OR u.changed, "
            "written_through = GREATEST(a.written_through, u.written_through), "
            "complete = a.complete OR u.complete FROM unnest($1::uuid[], $2::text[], $3::text[], "
            "$4::int[], $5::int[], $6::timestamptz[], $7::bool[], $8::int[], $9::bool[]) AS "
            "u(attempt_id, seqs, answered, superseded, refused, last_received, changed, "
            "written_through, complete) WHERE a.attempt_id = u.attempt_id",
            ids, [_array(f.seqs) for f in folds], [_array(f.answered) for f in folds],
            [f.superseded for f in folds], [f.refused for f in folds],
            [f.last_received for f in folds], [f.changed for f in folds],
            [f.written_through for f in folds], [f.complete for f in folds],
        )  # fmt: skip


@dataclass
class Answered:
    """An attempt's AnswersRecorded of one run, folded as its statements one by one would."""

    seqs: list[int] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    superseded: int = 0
    refused: int = 0
    last_received: datetime | None = None
    changed: bool = False
    written_through: int = 0
    complete: bool = False

    def add(self, e: AnswersRecorded) -> None:
        self.seqs += [r.seq for r in (*e.applied, *e.superseded, *(r.record for r in e.refused))]
        self.answered += [r.question_id for r in e.applied]
        self.superseded += len(e.superseded)
        self.refused += len(e.refused)
        self.last_received = e.received_at
        self.changed = self.changed or bool(e.applied)
        self.written_through = max(self.written_through, e.written_through)
        self.complete = self.complete or e.complete


def _array(items: Sequence[object]) -> str:
    """A PostgreSQL array literal of ints or question ids, quoted."""
    quoted = ('"' + str(i).replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items)
    return "{" + ",".join(quoted) + "}"


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
