"""Read model of the captured records: one row per record held, for the assessor's roster
(per candidate: attendance, criteria observed, conflicts) without loading every candidate's
stream. Built from assessment's own log by eventkit's ProjectionRunner; which record counts
is worked out by the same pure rules as the streams' (domain.findings), so the two agree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from assessment.capture.domain.assessor_record import CaptureRecorded
from assessment.capture.domain.capture_record import CaptureRecord
from assessment.capture.domain.findings import Findings, findings_of
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier


class CapturedRecordsProjection:
    name = "captured_records"
    handles = REGISTRY.select(CaptureRecorded)
    tables: Sequence[str] = ("captured_records",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        t = f"{self.schema}.captured_records{table_suffix}"
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {t} (
                session_id uuid NOT NULL, candidate_id uuid NOT NULL,
                record_id uuid NOT NULL, record jsonb NOT NULL,
                PRIMARY KEY (session_id, candidate_id, record_id));
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[CaptureRecorded]], table_suffix: str = ""
    ) -> None:
        rows = [
            (e.event.session_id, e.event.candidate_id, r.record_id, r.model_dump(mode="json"))
            for e in events
            for r in e.event.records
        ]
        if rows:
            await conn.executemany(
                f"INSERT INTO {self.schema}.captured_records{table_suffix} "
                "(session_id, candidate_id, record_id, record) VALUES ($1, $2, $3, $4::jsonb) "
                "ON CONFLICT DO NOTHING",
                rows,
            )


class PostgresCaptureOverview:
    """capture's CaptureOverview port over the read model."""

    def __init__(self, pool: asyncpg.Pool[Any], schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.captured_records"

    async def of_candidates(
        self, session_id: UUID, candidate_ids: list[UUID]
    ) -> dict[UUID, Findings]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, record FROM {self.table} "
            "WHERE session_id = $1 AND candidate_id = ANY($2::uuid[])",
            session_id,
            candidate_ids,
        )
        held: dict[UUID, list[CaptureRecord]] = defaultdict(list)
        for row in rows:
            held[row["candidate_id"]].append(CaptureRecord.model_validate(row["record"]))
        return {candidate: findings_of(candidate, records) for candidate, records in held.items()}
