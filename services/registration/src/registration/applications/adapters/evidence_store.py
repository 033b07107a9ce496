"""Evidence documents in PostgreSQL. The content column holds only the vault-sealed blob (nonce
and ciphertext as bytea): erasing the person's key makes every document of theirs unreadable,
in this table and in any backup of it. The client's file name (which may well be the
person's name) and the content's sha256 (a fingerprint that would confirm a known document)
are sealed the same way, in `sealed_name`; no plain digest is kept."""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

import asyncpg

from registration.applications.application.ports import EvidenceRecord

COLUMNS = (
    "evidence_id, application_id, candidate_id, media_type, size, sealed_name,"
    " nonce, ciphertext, uploaded_at"
)
# Text, not jsonb, across the wire: correct whatever json codec the caller's pool registered.
SELECTED = COLUMNS.replace("sealed_name,", "sealed_name::text AS sealed_name,")


class PostgresEvidenceStore:
    def __init__(self, schema: str) -> None:
        self.table = f'"{schema}".evidence'

    async def lock(self, tx: asyncpg.Connection, application_id: UUID) -> None:
        # Until the transaction ends: a concurrent upload to the same application waits here,
        # then sees this one's row, so the same content is stored once (no plain digest to
        # put a unique key on).
        await tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            f"registration.evidence:{application_id}",
        )

    async def add(self, tx: asyncpg.Connection, record: EvidenceRecord) -> None:
        await tx.execute(
            f"INSERT INTO {self.table} ({COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9)",
            record.evidence_id,
            record.application_id,
            record.candidate_id,
            record.media_type,
            record.size,
            json.dumps(record.sealed_name),
            base64.b64decode(record.sealed["nonce"]),
            base64.b64decode(record.sealed["ciphertext"]),
            record.uploaded_at,
        )

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
    return EvidenceRecord(**values, sha256="", file_name="", sealed=sealed, sealed_name=sealed_name)


async def install_evidence(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".evidence (
            evidence_id uuid PRIMARY KEY,
            application_id uuid NOT NULL,
            candidate_id uuid NOT NULL,
            media_type text NOT NULL,
            size integer NOT NULL,
            sealed_name jsonb NOT NULL,
            nonce bytea NOT NULL,
            ciphertext bytea NOT NULL,
            uploaded_at timestamptz NOT NULL);
        -- Tables made before the digest was sealed: the plain column goes, and with it the
        -- fingerprints of documents whose owners may since have been erased.
        ALTER TABLE "{schema}".evidence DROP COLUMN IF EXISTS sha256;
        CREATE INDEX IF NOT EXISTS evidence_application ON "{schema}".evidence (application_id);
        CREATE INDEX IF NOT EXISTS evidence_candidate ON "{schema}".evidence (candidate_id);
        GRANT SELECT, INSERT, DELETE ON "{schema}".evidence TO kompeten_app;
    """)
