"""A candidate's own exam attempts for their phone's list, from planning's sessions read model
(session_assignments joined with sessions): the soonest first, cancelled ones included so the
phone can say so. Only the caller's own rows are ever read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from assessment.exams.application.ports import CandidateExam
from eventkit.store.schema import identifier


class PostgresCandidateExams:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def of_candidate(self, candidate_id: UUID) -> list[CandidateExam]:
        rows = await self.pool.fetch(
            "SELECT a.attempt_id, a.session_id, s.scheme_code, s.scheme_version, "
            "s.district_code, s.starts_at, s.ends_at, s.exam_minutes, s.started_at, s.deadline, "
            "a.cancelled OR s.cancelled AS cancelled "
            f"FROM {self.schema}.session_assignments a "
            f"JOIN {self.schema}.sessions s USING (session_id) "
            "WHERE a.candidate_id = $1 ORDER BY s.starts_at, a.attempt_id",
            candidate_id,
        )
        return [CandidateExam(**dict(row)) for row in rows]
