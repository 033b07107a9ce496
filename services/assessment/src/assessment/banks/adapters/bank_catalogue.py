"""Read model of the question banks: per (LSP, scheme) its latest draft and published
version, and every published version whole. Built from assessment's log by eventkit's
ProjectionRunner; the published-bank query (planning, exams, the API) reads it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from assessment.banks.application.ports import BankSummary
from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.domain.question_bank import BankDraftImported, BankVersionPublished
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

SUMMARY = ("scheme_code, published_version, published_at, draft_version, draft_scheme_version,"
           " draft_items, changed_at")  # fmt: skip


class BankCatalogueProjection:
    name = "question_banks"
    handles = REGISTRY.select(BankDraftImported, BankVersionPublished)
    tables: Sequence[str] = ("question_banks", "bank_versions")

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.schema}.question_banks{table_suffix} ("
            "lsp_id uuid NOT NULL, scheme_code text NOT NULL, published_version integer, "
            "published_at timestamptz, draft_version integer, draft_scheme_version integer, "
            "draft_items integer, changed_at timestamptz NOT NULL, "
            f"CONSTRAINT question_banks_pk{table_suffix} PRIMARY KEY (lsp_id, scheme_code));"
            f"CREATE TABLE IF NOT EXISTS {self.schema}.bank_versions{table_suffix} ("
            "lsp_id uuid NOT NULL, scheme_code text NOT NULL, version integer NOT NULL, "
            "published jsonb NOT NULL, "
            f"CONSTRAINT bank_versions_pk{table_suffix} PRIMARY KEY (lsp_id, scheme_code, version))"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        banks, versions = (
            f"{self.schema}.question_banks{table_suffix}",
            f"{self.schema}.bank_versions{table_suffix}",
        )
        for decoded in events:  # a bank changes a few times a year: one statement each
            event = decoded.event
            if isinstance(event, BankDraftImported):
                await conn.execute(
                    f"INSERT INTO {banks} (lsp_id, scheme_code, draft_version, "
                    "draft_scheme_version, draft_items, changed_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6) "
                    "ON CONFLICT (lsp_id, scheme_code) DO UPDATE SET draft_version = $3, "
                    "draft_scheme_version = $4, draft_items = $5, changed_at = $6",
                    event.lsp_id, event.scheme_code, event.version, event.content.scheme_version,
                    len(event.content.items), event.at,
                )  # fmt: skip
                continue
            await conn.execute(
                f"INSERT INTO {versions} (lsp_id, scheme_code, version, published) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                event.lsp_id, event.scheme_code, event.version, event.model_dump(mode="json"),
            )  # fmt: skip
            await conn.execute(
                f"UPDATE {banks} SET published_version = $3, published_at = $4, "
                "draft_version = NULL, draft_scheme_version = NULL, draft_items = NULL, "
                "changed_at = $4 WHERE lsp_id = $1 AND scheme_code = $2",
                event.lsp_id, event.scheme_code, event.version, event.at,
            )  # fmt: skip


class PostgresBankCatalogue:
    """Implements application.ports.BankCatalogue."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def version(
        self, lsp_id: UUID, scheme_code: str, version: int | None
    ) -> BankVersion | None:
        row = await self.pool.fetchrow(
            f"SELECT published FROM {self.schema}.bank_versions "
            "WHERE lsp_id = $1 AND scheme_code = $2 AND ($3::integer IS NULL OR version = $3) "
            "ORDER BY version DESC LIMIT 1",
            lsp_id,
            scheme_code,
            version,
        )
        if row is None:
            return None
        return BankVersion.of(BankVersionPublished.model_validate(row["published"]))

    async def banks(self, lsp_id: UUID) -> list[BankSummary]:
        rows = await self.pool.fetch(
            f"SELECT {SUMMARY} FROM {self.schema}.question_banks WHERE lsp_id = $1 "
            "ORDER BY scheme_code",
            lsp_id,
        )
        return [BankSummary(**row) for row in rows]
