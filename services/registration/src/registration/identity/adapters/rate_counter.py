"""Rate-limit counters in PostgreSQL, shared by every process of the service.

Each hit commits on its own connection at once: a request that fails afterwards still counts,
and counting never waits on the request's own transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg


async def install_rate_limits(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".rate_limits (
            bucket text NOT NULL,
            window_start timestamptz NOT NULL,
            hits integer NOT NULL,
            PRIMARY KEY (bucket, window_start));
        GRANT SELECT, INSERT, UPDATE, DELETE ON "{schema}".rate_limits TO kompeten_app;
        CREATE TABLE IF NOT EXISTS "{schema}".cooldowns (
            key text PRIMARY KEY,
            until timestamptz NOT NULL);
        GRANT SELECT, INSERT, UPDATE ON "{schema}".cooldowns TO kompeten_app;
    """)


class PostgresRateCounter:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".rate_limits'
        self.cooldowns = f'"{schema}".cooldowns'

    async def hit(self, bucket: str, window_start: datetime) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            # Earlier windows of this bucket are over: drop them so the table stays small.
            await conn.execute(
                f"DELETE FROM {self.table} WHERE bucket = $1 AND window_start < $2",
                bucket,
                window_start,
            )
            hits: int = await conn.fetchval(
                f"INSERT INTO {self.table} AS r (bucket, window_start, hits) VALUES ($1, $2, 1) "
                "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1 "
                "RETURNING hits",
                bucket,
                window_start,
            )
            return hits

    async def count(self, bucket: str, window_start: datetime) -> int:
        async with self.pool.acquire() as conn:
            hits: int | None = await conn.fetchval(
                f"SELECT hits FROM {self.table} WHERE bucket = $1 AND window_start = $2",
                bucket,
                window_start,
            )
            return hits or 0

    async def hold(self, key: str, now: datetime, duration: timedelta) -> timedelta | None:
        async with self.pool.acquire() as conn, conn.transaction():
            # The row lock serialises two requests of one key: only one of them gets the hold.
            until: datetime | None = await conn.fetchval(
                f"SELECT until FROM {self.cooldowns} WHERE key = $1 FOR UPDATE", key
            )
            if until is not None and until > now:
                return until - now
            await conn.execute(
                f"INSERT INTO {self.cooldowns} (key, until) VALUES ($1, $2) "
                "ON CONFLICT (key) DO UPDATE SET until = excluded.until",
                key,
                now + duration,
            )
            return None

    async def release(self, key: str, now: datetime) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute(f"UPDATE {self.cooldowns} SET until = $2 WHERE key = $1", key, now)
