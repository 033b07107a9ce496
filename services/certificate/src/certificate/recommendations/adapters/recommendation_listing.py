"""Read model of the recommendations an LSP has received (table recommendations): what awaits
a decision, per session, with the judgements so far, the decision and the certificate's
number. Built from the log by eventkit's ProjectionRunner."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.decisions.domain.decision import CertificationDecided, MemberJudged
from certificate.issuance.domain.certificate import CertificateIssued
from certificate.recommendations.domain.recommendation import RecommendationReceived
from certificate.shared.application.events import REGISTRY
from certificate.shared.domain.outcomes import Outcome
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

COLUMNS = (
    "attempt_id, attempt_no, candidate_id, application_id, lsp_id, scheme_code, scheme_version, "
    "session_id, district_code, units, overall, assessor_ids, recommended_at, received_at, "
    "judged, decision, decided_at, certificate_id, certificate_number"
)


class RecommendationListingProjection:
    name = "recommendations"
    handles = REGISTRY.select(
        RecommendationReceived, MemberJudged, CertificationDecided, CertificateIssued
    )
    tables: Sequence[str] = ("recommendations",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.recommendations{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "attempt_id uuid PRIMARY KEY, attempt_no integer NOT NULL, candidate_id uuid NOT NULL,"
            " application_id uuid NOT NULL, lsp_id uuid, scheme_code text NOT NULL, "
            "scheme_version integer NOT NULL, session_id uuid NOT NULL, "
            "district_code text NOT NULL, units jsonb NOT NULL, overall text NOT NULL, "
            "assessor_ids uuid[] NOT NULL, recommended_at timestamptz NOT NULL, "
            "received_at timestamptz NOT NULL, judged integer NOT NULL DEFAULT 0, decision text, "
            "decided_at timestamptz, certificate_id uuid, certificate_number text);"
            f"CREATE INDEX IF NOT EXISTS recommendations_session{table_suffix} "
            f"ON {table} (lsp_id, session_id, received_at)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        # One statement per kind, in this order: an attempt's recommendation precedes its
        # judgements, its decision and its certificate in the log.
        table = f"{self.schema}.recommendations{table_suffix}"
        found = [d.event for d in events]
        await conn.executemany(
            f"INSERT INTO {table} (attempt_id, attempt_no, candidate_id, application_id, lsp_id,"
            " scheme_code, scheme_version, session_id, district_code, units, overall, "
            "assessor_ids, recommended_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            "$9, $10::text::jsonb, $11, $12, $13, $14) ON CONFLICT (attempt_id) DO NOTHING",
            [(e.attempt_id, e.attempt_no, e.candidate_id, e.application_id, e.lsp_id,
              e.scheme_code, e.scheme_version, e.session_id, e.district_code,
              json.dumps([u.model_dump(mode="json") for u in e.units]), e.overall.value,
              list(e.assessor_ids), e.recommended_at, e.received_at)
             for e in found if isinstance(e, RecommendationReceived)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET judged = judged + 1 WHERE attempt_id = $1",
            [(e.attempt_id,) for e in found if isinstance(e, MemberJudged)],
        )
        await conn.executemany(
            f"UPDATE {table} SET decision = $2, decided_at = $3 WHERE attempt_id = $1",
            [(e.attempt_id, e.outcome.value, e.at)
             for e in found if isinstance(e, CertificationDecided)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET certificate_id = $2, certificate_number = $3 "
            "WHERE attempt_id = $1",
            [(e.attempt_id, e.certificate_id, e.number)
             for e in found if isinstance(e, CertificateIssued)],
        )  # fmt: skip


class PostgresRecommendationListing:
    """An LSP's recommendations: by session, awaiting a decision or all."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.recommendations"

    async def of_lsp(
        self, lsp_id: UUID | None, session_id: UUID | None, awaiting: bool, limit: int
    ) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE lsp_id IS NOT DISTINCT FROM $1 "
            "AND ($2::uuid IS NULL OR session_id = $2) AND (NOT $3 OR decision IS NULL) "
            "ORDER BY received_at, attempt_id LIMIT $4",
            lsp_id,
            session_id,
            awaiting,
            limit,
        )
        return [_row(row) for row in rows]

    async def one(self, lsp_id: UUID | None, attempt_id: UUID) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE attempt_id = $1 "
            "AND lsp_id IS NOT DISTINCT FROM $2",
            attempt_id,
            lsp_id,
        )
        return _row(row) if row else None

    async def of_session(
        self, lsp_id: UUID | None, session_id: UUID, limit: int
    ) -> list[tuple[UUID, Outcome]]:
        rows = await self.of_lsp(lsp_id, session_id, True, limit)
        return [(row["attempt_id"], Outcome(row["overall"])) for row in rows]


def _row(row: asyncpg.Record) -> dict[str, Any]:
    found = dict(row)
    if isinstance(found["units"], str):
        found["units"] = json.loads(found["units"])
    return found
