"""The inbox table and its claims: one row per (subscription, event) ever handled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.inbox_message import InboundMessage
from eventkit.store.schema import APP_ROLE, Conn, identifier

_DDL = """
CREATE TABLE IF NOT EXISTS {s}.inbox (
    subscription text NOT NULL,
    event_id uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    topic text NOT NULL,
    partition int NOT NULL,
    kafka_offset bigint NOT NULL,
    PRIMARY KEY (subscription, event_id)
);
GRANT USAGE ON SCHEMA {s} TO {role};
GRANT SELECT, INSERT ON {s}.inbox TO {role};
"""


async def install_inbox(conn: Conn, schema: str, *, app_role: str = APP_ROLE) -> None:
    """Create the inbox in `schema`; safe to run again."""
    s = identifier(schema)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"eventkit.inbox.{s}")
        await conn.execute(_DDL.format(s=s, role=identifier(app_role)))


class ClaimedBefore(Exception):
    """`claim_all` found an event of the batch claimed already (or twice in the batch); the
    transaction is aborted."""


# The rows of a claim: one per message, in the order given. A consumer of one topic (the usual
# case) sends that topic once ($5) instead of once per row: asyncpg checks each array element
# in Python, and a string costs it two checks.
_ROWS_OF_ONE_TOPIC = """
    SELECT $1, c.event_id, $5::text, c.partition, c.kafka_offset
    FROM unnest($2::uuid[], $3::int[], $4::bigint[]) AS c(event_id, partition, kafka_offset)
"""
_ROWS = """
    SELECT $1, c.event_id, c.topic, c.partition, c.kafka_offset
    FROM unnest($2::uuid[], $3::int[], $4::bigint[], $5::text[])
        AS c(event_id, partition, kafka_offset, topic)
"""


def _insert(schema: str, rows: str, tail: str = "") -> str:
    return f"""
        INSERT INTO {identifier(schema)}.inbox
            (subscription, event_id, topic, partition, kafka_offset)
        {rows}
        {tail}
    """


def _rows(subscription: str, messages: Sequence[InboundMessage]) -> tuple[str, list[Any]]:
    """The SELECT of a claim's rows, and its arguments."""
    topic = messages[0].topic if messages else ""
    rows = _ROWS_OF_ONE_TOPIC
    topics_arg: str | list[str] = topic
    if any(m.topic != topic for m in messages):
        rows, topics_arg = _ROWS, [m.topic for m in messages]
    ids = [m.event_id for m in messages]  # the text: asyncpg parses it in C
    partitions = [m.partition for m in messages]
    offsets = [m.offset for m in messages]
    return rows, [subscription, ids, partitions, offsets, topics_arg]


async def claim_all(
    conn: Conn, schema: str, subscription: str, messages: Sequence[InboundMessage]
) -> None:
    """Claims every one of `messages`, expecting that none was claimed before (the usual case:
    duplicates come after a crash, a rebalance or a replay): a plain INSERT, which costs
    PostgreSQL about half of what ON CONFLICT's speculative insertion does per row, and returns
    nothing. If one was claimed before, its primary key refuses the row (after waiting for a
    transaction still holding it, as ON CONFLICT would), the caller's transaction is aborted and
    `ClaimedBefore` raised: claim the batch again with `claim`, in a new transaction."""
    rows, args = _rows(subscription, messages)
    try:
        await conn.execute(_insert(schema, rows), *args)
    except asyncpg.UniqueViolationError as exc:
        raise ClaimedBefore(str(exc)) from exc


async def claim(
    conn: Conn, schema: str, subscription: str, messages: Sequence[InboundMessage]
) -> set[UUID]:
    """The ids of `messages` (of any topics and partitions) this subscription had never
    claimed: one statement for a whole poll."""
    rows, args = _rows(subscription, messages)
    # ON CONFLICT DO NOTHING makes a redelivered event claim nothing: its effects, done in the
    # same transaction as its first claim, are not done again. Also skips repeats in one batch
    # (the first row of an id wins; the rows are in the order given).
    tail = "ON CONFLICT DO NOTHING RETURNING event_id"
    claimed = await conn.fetch(_insert(schema, rows, tail), *args)
    return {row["event_id"] for row in claimed}
