"""Read model of an LSP's test sites (table test_sites), for listing by LSP and district: one
row per site with its equipment per scheme and its latest verification. Built from the log by
eventkit's ProjectionRunner; a single site is read from its stream (site_commands.site)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from assessment.shared.application.events import REGISTRY
from assessment.sites.domain.site_events import (
    TestSiteEquipmentSet,
    TestSiteEvent,
    TestSiteRegistered,
    TestSiteVerified,
)
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

COLUMNS = (
    "site_id, lsp_id, kind, training_centre, name, address, district_code, capacity, "
    "equipment, verified_on, valid_until, registered_at"
)


class SiteListingProjection:
    name = "test_sites"
    handles = REGISTRY.select(TestSiteRegistered, TestSiteEquipmentSet, TestSiteVerified)
    tables: Sequence[str] = ("test_sites",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.test_sites{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "site_id uuid PRIMARY KEY, lsp_id uuid NOT NULL, kind text NOT NULL, "
            "training_centre text, name text NOT NULL, address text NOT NULL, "
            "district_code text NOT NULL, capacity integer NOT NULL, "
            "equipment jsonb NOT NULL DEFAULT '{}', verified_on date, valid_until date, "
            "registered_at timestamptz NOT NULL, changed_at timestamptz NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS test_sites_lsp_district{table_suffix} "
            f"ON {table} (lsp_id, district_code, lower(name))"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[TestSiteEvent]], table_suffix: str = ""
    ) -> None:
        # Three statements, in this order: a site's registration precedes its changes in the
        # log, equipment and verification touch different columns, and executemany keeps the
        # log's order within each (the last word on a column wins, as one by one).
        table = f"{self.schema}.test_sites{table_suffix}"
        found = [d.event for d in events]
        registered = [e for e in found if isinstance(e, TestSiteRegistered)]
        equipped = [e for e in found if isinstance(e, TestSiteEquipmentSet)]
        verified = [e for e in found if isinstance(e, TestSiteVerified)]
        await conn.executemany(
            f"INSERT INTO {table} (site_id, lsp_id, kind, training_centre, name, address, "
            "district_code, capacity, registered_at, changed_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (site_id) DO NOTHING",
            [(e.site_id, e.lsp_id, e.kind.value, e.training_centre and e.training_centre.value,
              e.name, e.address, e.district_code, e.capacity, e.at) for e in registered],
        )  # fmt: skip
        await conn.executemany(
            f"UPDATE {table} SET equipment = equipment || jsonb_build_object($2::text, $3::jsonb),"
            " changed_at = $4 WHERE site_id = $1",
            [(e.site_id, e.scheme_code, list(e.items), e.at) for e in equipped],
        )
        await conn.executemany(
            f"UPDATE {table} SET verified_on = $2, valid_until = $3, changed_at = $4 "
            "WHERE site_id = $1",
            [(e.site_id, e.verified_on, e.valid_until, e.at) for e in verified],
        )


class PostgresSiteListing:
    """The listing the API serves: an LSP's sites, in one district or all."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.test_sites"

    async def of_lsp(
        self, lsp_id: UUID | None, district_code: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} WHERE lsp_id = $1 "
            "AND ($2::text IS NULL OR district_code = $2) "
            "ORDER BY district_code, lower(name), site_id LIMIT $3",
            lsp_id,
            district_code,
            limit,
        )
        return [dict(row) for row in rows]
