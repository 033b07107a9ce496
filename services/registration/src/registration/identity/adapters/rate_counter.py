"""Rate-limit counters in PostgreSQL, shared by every process of the service.

Each hit commits on its own connection at once: a request that fails afterwards still counts,
and counting never waits on the request's own transaction.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg


async def install_rate_limits(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".rate_limits (
            bucket text NOT NULL,
            window_start timestamptz NOT NULL,
            hits integer NOT NULL,
            PRIMARY KEY (bucket, window_start));
        GRANT SELECT, INSERT, UPDATE, DELETE ON "{schema}".rate_limits TO kompeten_app;
    """)


class PostgresRateCounter:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".rate_limits'

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
