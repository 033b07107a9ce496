"""The decisions of a session, from certification's read models (recommendations and the
certificate register)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from certificate.reporting.application.blanko_request import DecidedRow
from eventkit.store.schema import identifier


class PostgresSessionDecisions:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def decided(self, lsp_id: UUID | None, session_id: UUID) -> list[DecidedRow]:
        rows = await self.pool.fetch(
            "SELECT r.candidate_id, r.attempt_id, r.scheme_code, r.scheme_version, "
            "r.district_code, r.decision, r.decided_at, r.judged, r.certificate_number, "
            f"c.issued_on, c.valid_until FROM {self.schema}.recommendations r "
            f"LEFT JOIN {self.schema}.certificates c ON c.certificate_id = r.certificate_id "
            "WHERE r.lsp_id IS NOT DISTINCT FROM $1 AND r.session_id = $2 "
            "AND r.decision IS NOT NULL ORDER BY r.certificate_number, r.candidate_id",
            lsp_id, session_id,
        )  # fmt: skip
        return [DecidedRow(**dict(row)) for row in rows]
