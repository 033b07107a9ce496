"""The signed PDFs of decision documents, beside their stream (whose events hold each
version's hash and signature): written in the transaction that records the version, never
changed (the application role may only insert), found again by version or by hash."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from certificate.decision_documents.application.ports import StoredFile
from eventkit.store.schema import identifier


class PostgresDocumentFiles:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def put(self, tx: Any, stored: StoredFile, pdf: bytes) -> None:
        await tx.execute(
            f"INSERT INTO {self.schema}.decision_document_files "
            "(lsp_id, session_id, version, sha256, pdf) VALUES ($1, $2, $3, $4, $5)",
            stored.lsp_id, stored.session_id, stored.version, stored.sha256, pdf,
        )  # fmt: skip

    async def pdf(self, lsp_id: UUID | None, session_id: UUID, version: int) -> bytes | None:
        found: bytes | None = await self.pool.fetchval(
            f"SELECT pdf FROM {self.schema}.decision_document_files WHERE lsp_id IS NOT "
            "DISTINCT FROM $1 AND session_id = $2 AND version = $3",
            lsp_id, session_id, version,
        )  # fmt: skip
        return found

    async def by_hash(self, lsp_id: UUID | None, sha256: str) -> StoredFile | None:
        row = await self.pool.fetchrow(
            f"SELECT lsp_id, session_id, version, sha256 FROM {self.schema}."
            "decision_document_files WHERE sha256 = $1 AND lsp_id IS NOT DISTINCT FROM $2",
            sha256, lsp_id,
        )  # fmt: skip
        return StoredFile(**dict(row)) if row else None


async def install_document_files(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.decision_document_files (
            lsp_id uuid,
            session_id uuid NOT NULL,
            version integer NOT NULL,
            sha256 text NOT NULL UNIQUE,
            pdf bytea NOT NULL,
            made_at timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX IF NOT EXISTS decision_document_files_version
            ON {s}.decision_document_files (session_id, coalesce(lsp_id::text, ''), version);
        GRANT SELECT, INSERT ON {s}.decision_document_files TO kompeten_app;
    """)
