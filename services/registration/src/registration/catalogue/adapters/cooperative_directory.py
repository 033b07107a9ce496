"""Read model of the cooperative registry: lookup by id, listing by district, search by name.
Built from registration's own log by eventkit's ProjectionRunner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.catalogue.application.ports import CooperativeView
from registration.catalogue.domain.cooperative import CooperativeRegistered
from registration.shared.application.events import REGISTRY

COLUMNS = "cooperative_id, name, kind, legal_number, district_code, province_code"


class CooperativeProjection:
    name = "cooperatives"
    handles = REGISTRY.select(CooperativeRegistered)  # its runner reads only these
    tables: Sequence[str] = ("cooperatives",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.cooperatives{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "cooperative_id uuid PRIMARY KEY, name text NOT NULL, kind text NOT NULL, "
            "legal_number text NOT NULL, district_code text NOT NULL, "
            "province_code text NOT NULL, registered_at timestamptz NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS cooperatives_district{table_suffix} "
            f"ON {table} (district_code, lower(name))"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[CooperativeRegistered]], table_suffix: str = ""
    ) -> None:
        rows = [(d.event, d.recorded_at) for d in events]
        # The first registration of an id stands (DO NOTHING also skips a repeat within it).
        await conn.execute(
            f"INSERT INTO {self.schema}.cooperatives{table_suffix} ({COLUMNS}, registered_at) "
            "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], "
            "$6::text[], $7::timestamptz[]) ON CONFLICT (cooperative_id) DO NOTHING",
            [e.cooperative_id for e, _ in rows], [e.name for e, _ in rows],
            [e.kind.value for e, _ in rows], [e.legal_number for e, _ in rows],
            [e.district_code for e, _ in rows], [e.province_code for e, _ in rows],
            [at for _, at in rows],
        )  # fmt: skip


class PostgresCooperativeDirectory:
    """Implements application.ports.CooperativeDirectory, and the listing the API serves."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.cooperatives"

    async def get(self, cooperative_id: UUID) -> CooperativeView | None:
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM {self.table} WHERE cooperative_id = $1", cooperative_id
        )
        return _view(row) if row is not None else None

    async def search(
        self, district_code: str | None = None, text: str | None = None, limit: int = 100
    ) -> list[CooperativeView]:
        pattern = None if not text else "%" + _escape_like(text.lower()) + "%"
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM {self.table} "
            "WHERE ($1::text IS NULL OR district_code = $1) "
            "AND ($2::text IS NULL OR lower(name) LIKE $2 OR legal_number ILIKE $2) "
            "ORDER BY lower(name), cooperative_id LIMIT $3",
            district_code,
            pattern,
            limit,
        )
        return [_view(row) for row in rows]


def _view(row: Any) -> CooperativeView:
    return CooperativeView(
        row["cooperative_id"], row["name"], row["kind"], row["district_code"], row["province_code"]
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
