"""The unit of work every service's handlers share: one PostgreSQL transaction on a pooled
connection, in which an append, an inbox claim and the read side effects commit together."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg


class PostgresUnitOfWork:
    def __init__(self, pool: asyncpg.Pool[Any]) -> None:
        self.pool = pool

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn
