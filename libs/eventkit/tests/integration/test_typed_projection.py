"""Typed projections on the real database: the runner reads only the models a projection
handles, decodes them with the registry, hands each batch over whole and in log order, and a
rebuild in batches gives the rows the incremental runner built."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any, TypeAlias
from uuid import UUID, uuid4

import asyncpg
import pytest
from pydantic import BaseModel

from eventkit.projection import ProjectionRunner, install_projection
from eventkit.registry import Decoded, EventRegistry
from eventkit.settings import load_settings
from eventkit.store import NewEvent, PostgresEventStore, create_pool
from eventkit.store.schema import Conn
from eventkit.testing.infra import TEST_DATABASE, admin_connection

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"


class Joined(BaseModel):
    member_id: UUID
    team: str


class Left(BaseModel):
    member_id: UUID


class Noted(BaseModel):
    """Registered, but not handled by the projection: never read or decoded by its runner."""

    note: str


EVENTS = EventRegistry(Joined, Left, Noted)


class Teams:
    """Members per team, written per batch: one statement per kind of event."""

    name = "teams"
    tables = ("team_members",)
    handles = EVENTS.select(Joined, Left)

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.batches: list[list[type[BaseModel]]] = []

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.schema}.team_members{table_suffix}"
            " (member_id uuid PRIMARY KEY, team text NOT NULL)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Joined | Left]], table_suffix: str = ""
    ) -> None:
        self.batches.append([type(d.event) for d in events])
        member: dict[UUID, str | None] = {}  # last word per member, in log order
        for d in events:
            member[d.event.member_id] = d.event.team if isinstance(d.event, Joined) else None
        table = f"{self.schema}.team_members{table_suffix}"
        gone = [m for m, team in member.items() if team is None]
        await conn.execute(f"DELETE FROM {table} WHERE member_id = ANY($1::uuid[])", gone)
        joined = [(m, team) for m, team in member.items() if team is not None]
        await conn.execute(
            f"INSERT INTO {table} SELECT * FROM unnest($1::uuid[], $2::text[])"
            " ON CONFLICT (member_id) DO UPDATE SET team = excluded.team",
            [m for m, _ in joined],
            [t for _, t in joined],
        )


@pytest.fixture
async def owner_pool() -> AsyncIterator[Pool]:
    pool = await create_pool(load_settings().admin_dsn(TEST_DATABASE), min_size=1, max_size=5)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
async def teams(event_store_schema: str) -> Teams:
    projection = Teams(event_store_schema)
    admin = await admin_connection()
    try:
        await install_projection(admin, event_store_schema, projection)
    finally:
        await admin.close()
    return projection


async def members(pool: Pool, schema: str) -> list[tuple[Any, ...]]:
    rows = await pool.fetch(f"SELECT member_id, team FROM {schema}.team_members ORDER BY 1")
    return [tuple(r) for r in rows]


async def a_log(store: PostgresEventStore) -> dict[UUID, str]:
    """Ten members join, some move, some leave, with unrelated notes in between (one of them
    not even decodable as a Noted: it must never reach the registry)."""
    expected: dict[UUID, str] = {}
    for n in range(10):
        member = uuid4()
        stream = f"member-{member}"
        events = [EVENTS.to_new(Joined(member_id=member, team=f"t{n % 3}"))]
        events.append(NewEvent("Noted", {"not": "a note"}))
        if n % 3 == 1:
            events.append(EVENTS.to_new(Joined(member_id=member, team="moved")))
        if n % 4 == 2:
            events.append(EVENTS.to_new(Left(member_id=member)))
        await store.append(stream, 0, events)
        if n % 4 != 2:
            expected[member] = "moved" if n % 3 == 1 else f"t{n % 3}"
    return expected


async def test_a_typed_projection_gets_only_its_models_in_log_order_batch_by_batch(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str,
    teams: Teams,
) -> None:  # fmt: skip
    expected = await a_log(pg_event_store)
    runner = ProjectionRunner(
        event_store_pool, event_store_schema, pg_event_store, teams, batch_size=4
    )

    applied = await runner.catch_up()

    assert applied == sum(len(b) for b in teams.batches) == 10 + 3 + 2  # joins, moves, leaves
    assert max(len(b) for b in teams.batches) == 4 and all(Noted not in b for b in teams.batches)
    assert await members(event_store_pool, event_store_schema) == sorted(expected.items())
    checkpoint = await event_store_pool.fetchval(
        f"SELECT position FROM {event_store_schema}.projection_checkpoints WHERE name = 'teams'"
    )
    assert checkpoint == await pg_event_store.last_position()


async def test_a_rebuild_in_batches_gives_the_rows_of_the_incremental_runner(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str,
    teams: Teams, owner_pool: Pool,
) -> None:  # fmt: skip
    await a_log(pg_event_store)
    runner = ProjectionRunner(event_store_pool, event_store_schema, pg_event_store, teams)
    await runner.catch_up()
    incremental = await members(event_store_pool, event_store_schema)
    await owner_pool.execute(f"UPDATE {event_store_schema}.team_members SET team = 'lost'")
    teams.batches.clear()

    rebuilder = ProjectionRunner(
        owner_pool, event_store_schema, pg_event_store, teams, replay_batch_size=4
    )
    assert await rebuilder.rebuild() == await pg_event_store.last_position()

    assert await members(event_store_pool, event_store_schema) == incremental
    assert [len(b) for b in teams.batches] == [4, 4, 4, 3]
