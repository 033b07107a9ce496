"""Read model of issued certificates (table certificates): by public token for verification,
by LSP and session for its staff. Built from the log by eventkit's ProjectionRunner."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.issuance.domain.certificate import CertificateIssued
from certificate.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

COLUMNS = (
    "certificate_id, token, number, attempt_id, candidate_id, lsp_id, scheme_code, "
    "scheme_version, session_id, district_code, units, issued_on, valid_until, kid, qr_payload, "
    "issued_at"
)


class CertificateRegisterProjection:
    name = "certificates"
    handles = REGISTRY.select(CertificateIssued)
    tables: Sequence[str] = ("certificates",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.certificates{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "certificate_id uuid PRIMARY KEY, token text NOT NULL, number text NOT NULL, "
            "attempt_id uuid NOT NULL, candidate_id uuid NOT NULL, lsp_id uuid, "
            "scheme_code text NOT NULL, scheme_version integer NOT NULL, session_id uuid NOT NULL,"
            " district_code text NOT NULL, units jsonb NOT NULL, issued_on date NOT NULL, "
            "valid_until date NOT NULL, kid text NOT NULL, qr_payload text NOT NULL, "
            "issued_at timestamptz NOT NULL);"
            f"CREATE UNIQUE INDEX IF NOT EXISTS certificates_token{table_suffix} "
            f"ON {table} (token);"
            f"CREATE INDEX IF NOT EXISTS certificates_session{table_suffix} "
            f"ON {table} (lsp_id, session_id, number)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[CertificateIssued]], table_suffix: str = ""
    ) -> None:
        await conn.executemany(
            f"INSERT INTO {self.schema}.certificates{table_suffix} ({COLUMNS}) VALUES ($1, $2, "
            "$3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13, $14, $15, $16) "
            "ON CONFLICT (certificate_id) DO NOTHING",
            [(e.certificate_id, e.token, e.number, e.attempt_id, e.candidate_id, e.lsp_id,
              e.scheme_code, e.scheme_version, e.session_id, e.district_code,
              json.dumps([u.model_dump(mode="json") for u in e.units]), e.issued_on,
              e.valid_until, e.kid, e.qr_payload, e.at)
             for e in (d.event for d in events)],
        )  # fmt: skip


class PostgresCertificateRegister:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.certificates"

    async def by_token(self, token: str) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(f"SELECT {COLUMNS} FROM {self.table} WHERE token = $1",
                                       token)  # fmt: skip
        return _row(row) if row else None

    async def one(self, lsp_id: UUID | None, certificate_id: UUID) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE certificate_id = $1 "
            "AND lsp_id IS NOT DISTINCT FROM $2",
            certificate_id,
            lsp_id,
        )
        return _row(row) if row else None

    async def of_lsp(
        self, lsp_id: UUID | None, session_id: UUID | None, limit: int
    ) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE lsp_id IS NOT DISTINCT FROM $1 "
            "AND ($2::uuid IS NULL OR session_id = $2) ORDER BY scheme_code, number LIMIT $3",
            lsp_id,
            session_id,
            limit,
        )
        return [_row(row) for row in rows]


def _row(row: asyncpg.Record) -> dict[str, Any]:
    found = dict(row)
    if isinstance(found["units"], str):
        found["units"] = json.loads(found["units"])
    return found
