"""An assessor's own sessions for their tablet's list, from planning's sessions read model: the
sessions of their LSP that name them among the assessors, the soonest first, with how many of
the session's candidates are assigned to them. Only sessions naming the caller are ever read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from assessment.planning.application.ports import AssessorSession
from eventkit.store.schema import identifier


class PostgresAssessorSessions:
    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def of_assessor(
        self, assessor_id: UUID, lsp_id: UUID | None, ending_after: datetime
    ) -> list[AssessorSession]:
        rows = await self.pool.fetch(
            "SELECT s.session_id, s.scheme_code, s.scheme_version, s.site_id, s.district_code, "
            "s.starts_at, s.ends_at, s.exam_minutes, s.capacity, s.assigned, s.started_at, "
            "s.deadline, s.cancelled, (SELECT count(*) FROM "
            f"{self.schema}.session_assignments a WHERE a.session_id = s.session_id "
            "AND a.assessor_id = $1) AS mine "
            f"FROM {self.schema}.sessions s WHERE $1 = ANY(s.assessor_ids) "
            "AND s.lsp_id IS NOT DISTINCT FROM $2 AND s.ends_at >= $3 "
            "ORDER BY s.starts_at, s.session_id LIMIT 200",
            assessor_id, lsp_id, ending_after,
        )  # fmt: skip
        return [AssessorSession(**dict(row)) for row in rows]
