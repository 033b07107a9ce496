"""Connection pools of the services: JSON codecs on every connection, and a cheap release.

asyncpg resets a connection on every release with one more round trip (advisory unlock,
UNLISTEN, RESET ALL): about 6% of a small request's CPU in the phones benchmark, for state that
only the relay's leader lock and LISTENing followers ever take. Here a release rolls back an
open transaction and drops listener callbacks (asyncpg always does), and runs the full reset
only for a connection marked with `holds_session_state` by the code that took such state.
"""

from __future__ import annotations

import json
from typing import Any

import asyncpg

# Backend pids of pooled connections that took session state; a pid reused by a new backend
# only costs that connection one full reset.
_SESSION_STATE: set[int] = set()


def holds_session_state(conn: Any) -> None:
    """Mark a connection that takes a session lock or LISTENs: its release resets it fully."""
    _SESSION_STATE.add(conn.get_server_pid())


async def reset_connection(conn: asyncpg.Connection[Any]) -> None:
    pid = conn.get_server_pid()
    if pid in _SESSION_STATE:
        _SESSION_STATE.discard(pid)
        await conn.reset()


async def init_connection(conn: asyncpg.Connection[Any]) -> None:
    for typename in ("json", "jsonb"):
        await conn.set_type_codec(
            typename, schema="pg_catalog", encoder=json.dumps, decoder=json.loads
        )


async def create_pool(dsn: str, **kw: Any) -> asyncpg.Pool[asyncpg.Record]:
    return await asyncpg.create_pool(dsn, init=init_connection, reset=reset_connection, **kw)
