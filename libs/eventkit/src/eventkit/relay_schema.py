"""The relay's checkpoint table and its leader lock key."""

from __future__ import annotations

import hashlib

from eventkit.store.schema import APP_ROLE, Conn, identifier

_DDL = """
CREATE TABLE IF NOT EXISTS {s}.relay_checkpoints (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT USAGE ON SCHEMA {s} TO {role};
GRANT SELECT, INSERT, UPDATE ON {s}.relay_checkpoints TO {role};
"""


async def install_relay(conn: Conn, schema: str, *, app_role: str = APP_ROLE) -> None:
    """Create the checkpoint table in `schema`; safe to run again."""
    s = identifier(schema)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"eventkit.relay.{s}")
        await conn.execute(_DDL.format(s=s, role=identifier(app_role)))


def lock_key(schema: str, name: str) -> int:
    """The session advisory lock the leader holds: one per (schema, relay name)."""
    digest = hashlib.sha256(f"eventkit.relay:{schema}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def read_checkpoint(conn: Conn, schema: str, name: str) -> int:
    s = identifier(schema)
    await conn.execute(
        f"INSERT INTO {s}.relay_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING", name
    )
    return int(
        await conn.fetchval(f"SELECT position FROM {s}.relay_checkpoints WHERE name = $1", name)
    )


async def advance_checkpoint(conn: Conn, schema: str, name: str, seen: int, position: int) -> bool:
    """Move from `seen` to `position`; False, and nothing changed, if the checkpoint is no
    longer `seen` (a reset_checkpoint meanwhile): a reset is never undone by a batch in flight."""
    moved = await conn.fetchval(
        f"UPDATE {identifier(schema)}.relay_checkpoints SET position = $3, updated_at = now()"
        " WHERE name = $1 AND position = $2 RETURNING true",
        name,
        seen,
        position,
    )
    return bool(moved)


async def write_checkpoint(conn: Conn, schema: str, name: str, position: int) -> None:
    await conn.execute(
        f"INSERT INTO {identifier(schema)}.relay_checkpoints (name, position) VALUES ($1, $2)"
        " ON CONFLICT (name) DO UPDATE SET position = $2, updated_at = now()",
        name,
        position,
    )
