"""Read model of every attempt's outcome per application: its number, whether its session was
cancelled, its recommendation (K/BK) and whether an appeal against it was upheld. It answers
planning's question (Reassessments port): may this application be assessed again, and as
which attempt. Built from assessment's own log by eventkit's ProjectionRunner.

Like planning's overlap check, it follows the log: two assignments of the same application sent
in the same instant to two sessions may both pass before either is read here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from assessment.appeals.domain.appeal import AppealDecided, AppealOutcome
from assessment.appeals.domain.reassessment import PriorAttempt, next_attempt
from assessment.judgement.domain.judgement import RecommendationPublished
from assessment.planning.domain.assigning import Blocked
from assessment.planning.domain.session import CandidatesAssigned, SessionCancelled
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

Followed = CandidatesAssigned | SessionCancelled | RecommendationPublished | AppealDecided


class AttemptOutcomesProjection:
    name = "attempt_outcomes"
    handles = REGISTRY.select(
        CandidatesAssigned, SessionCancelled, RecommendationPublished, AppealDecided
    )
    tables: Sequence[str] = ("attempt_outcomes",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        t = f"{self.schema}.attempt_outcomes{table_suffix}"
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {t} (
                attempt_id uuid PRIMARY KEY, application_id uuid NOT NULL,
                session_id uuid NOT NULL, attempt_no integer NOT NULL,
                cancelled boolean NOT NULL DEFAULT false, overall text,
                upheld boolean NOT NULL DEFAULT false);
            CREATE INDEX IF NOT EXISTS attempt_outcomes_application{table_suffix}
                ON {t} (application_id);
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Followed]], table_suffix: str = ""
    ) -> None:
        t = f"{self.schema}.attempt_outcomes{table_suffix}"
        for decoded in events:
            e = decoded.event
            if isinstance(e, CandidatesAssigned):
                await conn.executemany(
                    f"INSERT INTO {t} (attempt_id, application_id, session_id, attempt_no) "
                    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    [(a.attempt_id, a.application_id, e.session_id, a.attempt_no)
                     for a in e.assignments],
                )  # fmt: skip
            elif isinstance(e, SessionCancelled):
                await conn.execute(
                    f"UPDATE {t} SET cancelled = true WHERE session_id = $1", e.session_id
                )
            elif isinstance(e, RecommendationPublished):
                await conn.execute(
                    f"UPDATE {t} SET overall = $2 WHERE attempt_id = $1",
                    e.attempt_id, e.overall.value,
                )  # fmt: skip
            elif e.outcome is AppealOutcome.UPHELD:
                await conn.execute(f"UPDATE {t} SET upheld = true WHERE attempt_id = $1",
                                   e.attempt_id)  # fmt: skip


class PostgresReassessments:
    """planning's Reassessments port."""

    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.attempt_outcomes"

    async def next_attempt(self, application_id: UUID) -> tuple[int, Blocked | None]:
        rows = await self.pool.fetch(
            f"SELECT attempt_id, attempt_no, overall, upheld FROM {self.table} "
            "WHERE application_id = $1 AND NOT cancelled",
            application_id,
        )
        answer = next_attempt([PriorAttempt(**dict(row)) for row in rows])
        refused = Blocked(*answer.refused) if answer.refused else None
        return answer.attempt_no, refused
