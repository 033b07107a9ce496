"""Read model of the scheme catalogue: every version with its status and full content.
Published versions serve the public brochures and the application forms (SchemeCatalogue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.catalogue.application.ports import ElementView, SchemeVersionView, UnitView
from registration.catalogue.domain.scheme import (
    SchemeDraftRevised,
    SchemeEvent,
    SchemeVersionDrafted,
    SchemeVersionPublished,
)
from registration.shared.application.events import REGISTRY


class SchemeCatalogueProjection:
    name = "scheme_versions"
    handles = REGISTRY.select(SchemeVersionDrafted, SchemeDraftRevised, SchemeVersionPublished)
    tables: Sequence[str] = ("scheme_versions",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.schema}.scheme_versions{table_suffix} ("
            "scheme_code text NOT NULL, version integer NOT NULL, published boolean NOT NULL, "
            "title text NOT NULL, content jsonb NOT NULL, changed_at timestamptz NOT NULL, "
            f"CONSTRAINT scheme_versions_pk{table_suffix} PRIMARY KEY (scheme_code, version))"
        )
        # The LSP whose scheme it is (none for schemes recorded before schemes had owners).
        await conn.execute(
            f"ALTER TABLE {self.schema}.scheme_versions{table_suffix} "
            "ADD COLUMN IF NOT EXISTS lsp_id uuid"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[SchemeEvent]], table_suffix: str = ""
    ) -> None:
        latest: dict[tuple[str, int], SchemeEvent] = {}  # the last word on each version
        for d in events:
            latest[(d.event.scheme_code, d.event.version)] = d.event
        await conn.executemany(
            f"INSERT INTO {self.schema}.scheme_versions{table_suffix} AS v "
            "(scheme_code, version, published, title, content, changed_at, lsp_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scheme_code, version) DO UPDATE SET "
            "published = EXCLUDED.published, title = EXCLUDED.title, "
            "content = EXCLUDED.content, changed_at = EXCLUDED.changed_at, "
            "lsp_id = coalesce(v.lsp_id, EXCLUDED.lsp_id)",
            [
                (e.scheme_code, e.version, isinstance(e, SchemeVersionPublished),
                 e.content.title, e.content.model_dump(mode="json"), e.at, e.lsp_id)
                for e in latest.values()
            ],
        )  # fmt: skip


class PostgresSchemeCatalogue:
    """Implements application.ports.SchemeCatalogue, and the catalogue the API serves."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.scheme_versions"
        # A published version never changes (domain.scheme): once read, kept for the process's
        # life. Every submission names one; a few dozen exist. Drafts are never kept.
        self._published: dict[tuple[str, int], SchemeVersionView] = {}

    async def published_version(self, scheme_code: str, version: int) -> SchemeVersionView | None:
        kept = self._published.get((scheme_code, version))
        if kept is not None:
            return kept
        found = await self.version(scheme_code, version)
        if found is None or not found["published"]:
            return None
        content = found["content"]
        units = tuple(
            UnitView(
                unit["code"],
                unit["title"],
                tuple(ElementView(e["code"], e["title"]) for e in unit["elements"]),
            )
            for unit in content["units"]
        )
        groups = frozenset(content["occupational_groups"])
        view = SchemeVersionView(
            scheme_code, version, content["title"], units, groups, found["lsp_id"]
        )
        self._published[(scheme_code, version)] = view
        return view

    async def version(self, scheme_code: str, version: int) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(
            f"SELECT scheme_code, version, published, content, changed_at, lsp_id "
            f"FROM {self.table} WHERE scheme_code = $1 AND version = $2",
            scheme_code,
            version,
        )
        return dict(row) if row is not None else None

    async def all_versions(self, lsp_id: UUID | None) -> list[dict[str, Any]]:
        """Every version of the LSP's schemes, drafts included (for its staff), newest version
        of a scheme first."""
        rows = await self.pool.fetch(
            f"SELECT scheme_code, version, published, content ->> 'title' AS title, changed_at "
            f"FROM {self.table} WHERE lsp_id = $1 ORDER BY scheme_code, version DESC",
            lsp_id,
        )
        return [dict(row) for row in rows]

    async def latest_published(self) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT DISTINCT ON (scheme_code) scheme_code, version, content, changed_at, lsp_id "
            f"FROM {self.table} WHERE published ORDER BY scheme_code, version DESC"
        )
        return [dict(row) for row in rows]
