"""Evidence documents in PostgreSQL. The content column holds only the vault-sealed blob (nonce
and ciphertext as bytea): erasing the person's key makes every document of theirs unreadable,
in this table and in any backup of it. The client's file name (which may well be the
person's name) is sealed the same way."""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

import asyncpg

from registration.application.application_ports import EvidenceRecord

COLUMNS = (
    "evidence_id, application_id, candidate_id, sha256, media_type, size, sealed_name,"
    " nonce, ciphertext, uploaded_at"
)
# Text, not jsonb, across the wire: correct whatever json codec the caller's pool registered.
SELECTED = COLUMNS.replace("sealed_name,", "sealed_name::text AS sealed_name,")


class PostgresEvidenceStore:
    def __init__(self, schema: str) -> None:
        self.table = f'"{schema}".evidence'

    async def add(
        self, tx: asyncpg.Connection, record: EvidenceRecord
    ) -> tuple[EvidenceRecord, bool]:
        # The unique (application_id, sha256) makes a concurrent second upload of the same
        # content wait for the first and then return the first's row: stored once.
        inserted = await tx.fetchrow(
            f"INSERT INTO {self.table} ({COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10) "
            f"ON CONFLICT (application_id, sha256) DO NOTHING RETURNING {SELECTED}",
            record.evidence_id,
            record.application_id,
            record.candidate_id,
            record.sha256,
            record.media_type,
            record.size,
            json.dumps(record.sealed_name),
            base64.b64decode(record.sealed["nonce"]),
            base64.b64decode(record.sealed["ciphertext"]),
            record.uploaded_at,
        )
        if inserted is not None:
            return _record(inserted), True
        row = await tx.fetchrow(
            f"SELECT {SELECTED} FROM {self.table} WHERE application_id = $1 AND sha256 = $2",
            record.application_id,
            record.sha256,
        )
        return _record(row), False

    async def ids_of(self, tx: asyncpg.Connection, application_id: UUID) -> frozenset[UUID]:
        rows = await tx.fetch(
            f"SELECT evidence_id FROM {self.table} WHERE application_id = $1", application_id
        )
        return frozenset(row["evidence_id"] for row in rows)

    async def list_of(self, tx: asyncpg.Connection, application_id: UUID) -> list[EvidenceRecord]:
        rows = await tx.fetch(
            f"SELECT {SELECTED.replace('ciphertext', 'NULL::bytea AS ciphertext')} "
            f"FROM {self.table} WHERE application_id = $1 ORDER BY uploaded_at",
            application_id,
        )
        return [_record(row) for row in rows]

    async def get(
        self, tx: asyncpg.Connection, application_id: UUID, evidence_id: UUID
    ) -> EvidenceRecord | None:
        row = await tx.fetchrow(
            f"SELECT {SELECTED} FROM {self.table} WHERE application_id = $1 AND evidence_id = $2",
            application_id,
            evidence_id,
        )
        return None if row is None else _record(row)


def _record(row: Any) -> EvidenceRecord:
    values = dict(row)
    nonce, ciphertext = values.pop("nonce"), values.pop("ciphertext") or b""
    sealed = {
        "v": 1,
        "subject": str(values["candidate_id"]),
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
    }
    sealed_name = json.loads(values.pop("sealed_name"))
    return EvidenceRecord(**values, file_name="", sealed=sealed, sealed_name=sealed_name)


async def install_evidence(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".evidence (
            evidence_id uuid PRIMARY KEY,
            application_id uuid NOT NULL,
            candidate_id uuid NOT NULL,
            sha256 text NOT NULL,
            media_type text NOT NULL,
            size integer NOT NULL,
            sealed_name jsonb NOT NULL,
            nonce bytea NOT NULL,
            ciphertext bytea NOT NULL,
            uploaded_at timestamptz NOT NULL,
            UNIQUE (application_id, sha256));
        CREATE INDEX IF NOT EXISTS evidence_candidate ON "{schema}".evidence (candidate_id);
        GRANT SELECT, INSERT, DELETE ON "{schema}".evidence TO kompeten_app;
    """)
