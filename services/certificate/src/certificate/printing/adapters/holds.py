"""What holds an issued certificate back from print, from certification's own records: the
appeals assessment reported on each attempt (read model appeals_open, built from the
recommendation streams' AppealOpened and AppealClosed: an appeal may arrive before the
recommendation it is against, so it is kept by its own id), the holder's agreement (the
certificate register's released_at, set by AgreementSigned, carried to a replacement), and a
suspension or withdrawal (the register's status)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.recommendations.domain.recommendation import AppealClosed, AppealOpened
from certificate.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier


class OpenAppealsProjection:
    name = "appeals_open"
    handles = REGISTRY.select(AppealOpened, AppealClosed)
    tables: Sequence[str] = ("appeals_open",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.appeals_open{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (appeal_id uuid PRIMARY KEY, "
            "attempt_id uuid NOT NULL, lodged_at timestamptz NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS appeals_open_attempt{table_suffix} "
            f"ON {table} (attempt_id)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        # In log order: an appeal is opened before it is closed, and closed once.
        table = f"{self.schema}.appeals_open{table_suffix}"
        for decoded in events:
            event = decoded.event
            if isinstance(event, AppealOpened):
                await conn.execute(
                    f"INSERT INTO {table} (appeal_id, attempt_id, lodged_at) VALUES ($1, $2, $3)"
                    " ON CONFLICT (appeal_id) DO NOTHING",
                    event.appeal_id, event.attempt_id, event.lodged_at,
                )  # fmt: skip
            elif isinstance(event, AppealClosed):
                await conn.execute(f"DELETE FROM {table} WHERE appeal_id = $1", event.appeal_id)


class PostgresHolds:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def appeals_open(self, attempt_ids: Iterable[UUID]) -> set[UUID]:
        rows = await self.pool.fetch(
            f"SELECT DISTINCT attempt_id FROM {self.schema}.appeals_open "
            "WHERE attempt_id = ANY($1::uuid[])",
            list(attempt_ids),
        )
        return {row["attempt_id"] for row in rows}

    async def agreements_signed(self, certificate_ids: Iterable[UUID]) -> dict[UUID, bool]:
        """Every certificate asked: signed or not (one the register has not caught up with is
        not signed yet)."""
        wanted = list(certificate_ids)
        rows = await self.pool.fetch(
            f"SELECT certificate_id FROM {self.schema}.certificates "
            "WHERE certificate_id = ANY($1::uuid[]) AND released_at IS NOT NULL",
            wanted,
        )
        signed = {row["certificate_id"] for row in rows}
        return {c: c in signed for c in wanted}

    async def stopped(self, certificate_ids: Iterable[UUID]) -> dict[UUID, str]:
        rows = await self.pool.fetch(
            f"SELECT certificate_id, status FROM {self.schema}.certificates "
            "WHERE certificate_id = ANY($1::uuid[]) AND status IN ('suspended', 'withdrawn')",
            list(certificate_ids),
        )
        return {row["certificate_id"]: row["status"] for row in rows}
