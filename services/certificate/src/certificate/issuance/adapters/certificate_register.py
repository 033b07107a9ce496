"""Read model of issued certificates (table certificates): by public token for verification,
by LSP and session for its staff, with where each stands (status, release, replacement,
copy). Built from the log by eventkit's ProjectionRunner, which follows the log within moments
(LISTEN/NOTIFY): a suspension shows on the verification page seconds after it is recorded."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from certificate.issuance.domain.certificate import CertificateIssued, Status
from certificate.issuance.domain.certificate_events import (
    AgreementSigned,
    BlankoNumberAttached,
    CertificateExpired,
    CertificateReinstated,
    CertificateReplaced,
    CertificateSuspended,
    CertificateWithdrawn,
    DuplicateIssued,
)
from certificate.issuance.domain.check_code import check_code
from certificate.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

COLUMNS = (
    "certificate_id, token, number, attempt_id, candidate_id, lsp_id, scheme_code, "
    "scheme_version, session_id, district_code, units, issued_on, valid_until, kid, qr_payload, "
    "issued_at, replaces, status, released_at, replaced_by, replaced_by_number, copy_no, "
    "status_changed_at, blanko_number"
)
# A change's effect on a row: (status, released_at, replaced_by, replaced_by_number, copy_no).
REINSTATED = "reinstated"  # back to valid, or to awaiting the agreement if never released
STATUS_OF: dict[type[Any], str] = {
    CertificateSuspended: Status.SUSPENDED.value,
    CertificateReinstated: REINSTATED,
    CertificateWithdrawn: Status.WITHDRAWN.value,
    CertificateReplaced: Status.REPLACED.value,
    CertificateExpired: Status.EXPIRED.value,
    AgreementSigned: Status.VALID.value,
}
CHANGES = (AgreementSigned, CertificateSuspended, CertificateReinstated, CertificateWithdrawn,
           CertificateReplaced, DuplicateIssued, CertificateExpired)  # fmt: skip


def _change(event: Any) -> tuple[Any, ...]:
    return (
        event.certificate_id, STATUS_OF.get(type(event)),
        event.at if isinstance(event, AgreementSigned) else None,
        event.replaced_by if isinstance(event, CertificateReplaced) else None,
        event.replacement_number if isinstance(event, CertificateReplaced) else None,
        event.copy_no if isinstance(event, DuplicateIssued) else None, event.at,
    )  # fmt: skip


class CertificateRegisterProjection:
    name = "certificates"
    handles = REGISTRY.select(CertificateIssued, *CHANGES, BlankoNumberAttached)
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
            # Columns of the lifecycle, added to tables made before it.
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS replaces uuid, "
            "ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'awaiting_agreement', "
            "ADD COLUMN IF NOT EXISTS released_at timestamptz, "
            "ADD COLUMN IF NOT EXISTS replaced_by uuid, "
            "ADD COLUMN IF NOT EXISTS replaced_by_number text, "
            "ADD COLUMN IF NOT EXISTS copy_no integer NOT NULL DEFAULT 1, "
            "ADD COLUMN IF NOT EXISTS status_changed_at timestamptz, "
            "ADD COLUMN IF NOT EXISTS blanko_number text;"
            f"CREATE UNIQUE INDEX IF NOT EXISTS certificates_token{table_suffix} "
            f"ON {table} (token);"
            f"CREATE INDEX IF NOT EXISTS certificates_session{table_suffix} "
            f"ON {table} (lsp_id, session_id, number);"
            # Verification by number (unique per LSP only: another LSP may print the same).
            f"CREATE INDEX IF NOT EXISTS certificates_number{table_suffix} ON {table} (number)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        # Issues first (a certificate's issue precedes its changes in the log), then every
        # change in log order, so a row ends as folding its events one by one would leave it.
        table = f"{self.schema}.certificates{table_suffix}"
        found = [d.event for d in events]
        await conn.executemany(
            f"INSERT INTO {table} (certificate_id, token, number, attempt_id, candidate_id, "
            "lsp_id, scheme_code, scheme_version, session_id, district_code, units, issued_on, "
            "valid_until, kid, qr_payload, issued_at, replaces) VALUES ($1, $2, $3, $4, $5, $6, "
            "$7, $8, $9, $10, $11::text::jsonb, $12, $13, $14, $15, $16, $17) "
            "ON CONFLICT (certificate_id) DO NOTHING",
            [(e.certificate_id, e.token, e.number, e.attempt_id, e.candidate_id, e.lsp_id,
              e.scheme_code, e.scheme_version, e.session_id, e.district_code,
              json.dumps([u.model_dump(mode="json") for u in e.units]), e.issued_on,
              e.valid_until, e.kid, e.qr_payload, e.at, e.replaces)
             for e in found if isinstance(e, CertificateIssued)],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET status = CASE WHEN $2::text = '{REINSTATED}' THEN (CASE WHEN "
            "released_at IS NULL THEN 'awaiting_agreement' ELSE 'valid' END) "
            "ELSE coalesce($2::text, status) END, released_at = coalesce($3, released_at), "
            "replaced_by = coalesce($4, replaced_by), "
            "replaced_by_number = coalesce($5, replaced_by_number), "
            "copy_no = greatest(copy_no, coalesce($6, 1)), status_changed_at = $7 "
            "WHERE certificate_id = $1",
            [_change(e) for e in found if isinstance(e, CHANGES)],
        )
        await conn.executemany(
            f"UPDATE {table} SET blanko_number = $2 WHERE certificate_id = $1",
            [(e.certificate_id, e.blanko_number) for e in found
             if isinstance(e, BlankoNumberAttached)],
        )  # fmt: skip


class PostgresCertificateRegister:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.certificates"

    async def by_token(self, token: str) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(f"SELECT {COLUMNS} FROM {self.table} WHERE token = $1",
                                       token)  # fmt: skip
        return _row(row) if row else None

    async def by_number(self, number: str) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(f"SELECT {COLUMNS} FROM {self.table} WHERE number = $1",
                                     number)  # fmt: skip
        return [_row(row) for row in rows]

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

    async def of_candidate(
        self, candidate_id: UUID | None, certificate_id: UUID
    ) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE certificate_id = $1 AND candidate_id = $2",
            certificate_id,
            candidate_id,
        )
        return _row(row) if row else None

    async def of_candidate_all(self, candidate_id: UUID | None) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE candidate_id = $1 ORDER BY issued_at",
            candidate_id,
        )
        return [_row(row) for row in rows]

    async def past_validity(self, today: date, limit: int) -> list[UUID]:
        rows = await self.pool.fetch(
            f"SELECT certificate_id FROM {self.table} WHERE valid_until < $1 AND status NOT IN "
            "('expired', 'withdrawn', 'replaced') ORDER BY valid_until LIMIT $2",
            today,
            limit,
        )
        return [row["certificate_id"] for row in rows]


def _row(row: asyncpg.Record) -> dict[str, Any]:
    found = dict(row)
    if isinstance(found["units"], str):
        found["units"] = json.loads(found["units"])
    found["check_code"] = check_code(found["token"])
    return found
