"""Recompute the event log's hash chain in SQL and name the first broken position.

python -m eventkit.verify --dsn postgresql://... --schema public
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import asyncpg

from eventkit.store.schema import CONTENT_SQL, GENESIS_HASH, Conn, identifier

_FIRST_BREAK = """
WITH chain AS (
    SELECT e.position, e.hash,
           lag(e.position, 1, 0::bigint) OVER w AS previous,
           sha256(coalesce(lag(e.hash) OVER w, $1::bytea) || {content}) AS expected
    FROM {s}.events e WINDOW w AS (ORDER BY e.position)
)
SELECT position, previous FROM chain
WHERE position <> previous + 1 OR hash <> expected
ORDER BY position LIMIT 1
"""


async def find_break(conn: Conn, schema: str) -> tuple[int, str] | None:
    """(first broken position, why), or None when the chain and the head agree."""
    s = identifier(schema)
    row = await conn.fetchrow(
        _FIRST_BREAK.format(s=s, content=CONTENT_SQL.format(r="e")), GENESIS_HASH
    )
    if row is not None and row["position"] != row["previous"] + 1:
        missing = row["previous"] + 1
        return (
            missing,
            f"event missing (positions jump from {row['previous']} to {row['position']})",
        )
    if row is not None:
        return row["position"], "stored hash does not match the recomputed hash"
    last = await conn.fetchrow(
        f"SELECT position, hash FROM {s}.events ORDER BY position DESC LIMIT 1"
    )
    head = await conn.fetchrow(f"SELECT position, hash FROM {s}.log_head")
    last_position, last_hash = (last["position"], last["hash"]) if last else (0, GENESIS_HASH)
    if head is None:
        return 0, "log_head row is missing"
    if head["position"] > last_position:
        return last_position + 1, f"event missing (log head is at {head['position']})"
    if head["position"] != last_position or head["hash"] != last_hash:
        return last_position, "log head does not match the last event"
    return None


async def verify_chain(conn: Conn, schema: str) -> int | None:
    """The first position whose hash does not match or that is missing; None if intact."""
    broken = await find_break(conn, schema)
    return None if broken is None else broken[0]


async def _main(dsn: str, schema: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        broken = await find_break(conn, schema)
        if broken is not None:
            print(f"broken at position {broken[0]}: {broken[1]}")
            return 1
        count = await conn.fetchval(f"SELECT count(*) FROM {identifier(schema)}.events")
        print(f"ok: {count} events, chain intact")
        return 0
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventkit.verify", description=__doc__)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--schema", default="public")
    args = parser.parse_args(argv)
    return asyncio.run(_main(args.dsn, args.schema))


if __name__ == "__main__":
    sys.exit(main())
