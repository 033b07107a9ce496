"""Projection checkpoints and the table swap of a rebuild."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventkit.store.schema import APP_ROLE, Conn, identifier

if TYPE_CHECKING:
    from eventkit.projection import AnyProjection

_DDL = """
CREATE TABLE IF NOT EXISTS {s}.projection_checkpoints (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT USAGE ON SCHEMA {s} TO {role};
GRANT SELECT, INSERT, UPDATE ON {s}.projection_checkpoints TO {role};
"""


async def install_projection(
    conn: Conn, schema: str, projection: AnyProjection, *, app_role: str = APP_ROLE
) -> None:
    """Create the checkpoint table and the projection's live tables; safe to run again."""
    s = identifier(schema)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"eventkit.proj.{s}")
        await conn.execute(_DDL.format(s=s, role=identifier(app_role)))
        await projection.install(conn, "")
        await grant_tables(conn, s, projection.tables, app_role)
        await conn.execute(
            f"INSERT INTO {s}.projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING",
            projection.name,
        )


async def grant_tables(conn: Conn, schema: str, tables: Sequence[str], app_role: str) -> None:
    s, role = identifier(schema), identifier(app_role)
    for table in tables:
        await conn.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.{identifier(table)} TO {role}"
        )


async def lock_checkpoint(conn: Conn, schema: str, name: str) -> int:
    # FOR UPDATE until commit: two runners, or a runner and a rebuild's swap, never apply the
    # same events to the live tables twice.
    position = await conn.fetchval(
        f"SELECT position FROM {identifier(schema)}.projection_checkpoints"
        " WHERE name = $1 FOR UPDATE",
        name,
    )
    if position is None:
        raise LookupError(f"projection {name!r} is not installed in schema {schema!r}")
    return int(position)


async def set_checkpoint(conn: Conn, schema: str, name: str, position: int) -> None:
    await conn.execute(
        f"UPDATE {identifier(schema)}.projection_checkpoints"
        " SET position = $2, updated_at = now() WHERE name = $1",
        name,
        position,
    )


async def swap_tables(conn: Conn, schema: str, tables: Sequence[str], suffix: str) -> None:
    """Inside the caller's transaction: readers see the old tables until it commits and the
    complete new ones after (ALTER TABLE's lock makes them wait, never see a half-built one)."""
    s = identifier(schema)
    for table in map(identifier, tables):
        retired = identifier(f"{table}{suffix}_old")
        await conn.execute(f"ALTER TABLE {s}.{table} RENAME TO {retired}")
        await conn.execute(f"ALTER TABLE {s}.{identifier(table + suffix)} RENAME TO {table}")
        await conn.execute(f"DROP TABLE {s}.{retired}")


async def drop_tables(conn: Conn, schema: str, tables: Sequence[str], suffix: str) -> None:
    s = identifier(schema)
    for table in tables:
        await conn.execute(f"DROP TABLE IF EXISTS {s}.{identifier(table + suffix)}")
