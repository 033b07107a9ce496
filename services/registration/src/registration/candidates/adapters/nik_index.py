"""The NIK index: one person per NIK, for life, by the NIK's keyed hash."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from registration.shared.adapters.reservations import reserve


class PostgresNikIndex:
    def __init__(self, schema: str) -> None:
        self.table = f'"{schema}".nik_index'

    async def claim(self, tx: asyncpg.Connection, nik_hash: str, candidate_id: UUID) -> UUID | None:
        # One person per NIK, for life.
        return await reserve(tx, self.table, "nik_hash", "candidate_id", nik_hash, candidate_id)
