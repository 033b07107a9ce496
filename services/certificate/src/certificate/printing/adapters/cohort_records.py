"""Where a cohort's members stand, read from certification's own read models: the
recommendations table (recommendation, decision, certificate per attempt) and the certificate
register (what an issued certificate prints)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from uuid import UUID

import asyncpg

from certificate.issuance.domain.check_code import check_code
from certificate.printing.application.ports import CohortRecord, IssuedCertificate
from eventkit.store.schema import identifier

RECORD = (
    "candidate_id, attempt_id, decision, certificate_id, certificate_number, scheme_code, "
    "scheme_version"
)


class PostgresCohortRecords:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def of_session(self, lsp_id: UUID | None, session_id: UUID) -> list[CohortRecord]:
        # A candidate's latest attempt in the session is the one that counts.
        rows = await self.pool.fetch(
            f"SELECT DISTINCT ON (candidate_id) {RECORD} FROM {self.schema}.recommendations "
            "WHERE lsp_id IS NOT DISTINCT FROM $1 AND session_id = $2 "
            "ORDER BY candidate_id, attempt_no DESC",
            lsp_id, session_id,
        )  # fmt: skip
        return [_record(row) for row in rows]

    async def of_certificates(
        self, lsp_id: UUID | None, certificate_ids: Iterable[UUID]
    ) -> list[CohortRecord]:
        rows = await self.pool.fetch(
            f"SELECT {RECORD} FROM {self.schema}.recommendations "
            "WHERE lsp_id IS NOT DISTINCT FROM $1 AND certificate_id = ANY($2::uuid[])",
            lsp_id, list(certificate_ids),
        )  # fmt: skip
        return [_record(row) for row in rows]

    async def issued(self, certificate_ids: Iterable[UUID]) -> list[IssuedCertificate]:
        rows = await self.pool.fetch(
            "SELECT certificate_id, candidate_id, number, scheme_code, scheme_version, units, "
            f"issued_on, valid_until, qr_payload, token, blanko_number FROM {self.schema}."
            "certificates "
            "WHERE certificate_id = ANY($1::uuid[])",
            list(certificate_ids),
        )
        return [_issued(row) for row in rows]


def _record(row: Any) -> CohortRecord:
    return CohortRecord(
        row["candidate_id"], row["attempt_id"], row["decision"], row["certificate_id"],
        row["certificate_number"], row["scheme_code"], row["scheme_version"],
    )  # fmt: skip


def _issued(row: Any) -> IssuedCertificate:
    units = row["units"] if not isinstance(row["units"], str) else json.loads(row["units"])
    return IssuedCertificate(
        row["certificate_id"], row["candidate_id"], row["number"], row["scheme_code"],
        row["scheme_version"], tuple(u["unit_code"] for u in units), row["issued_on"],
        row["valid_until"], row["qr_payload"], check_code(row["token"]), row["blanko_number"],
    )  # fmt: skip
