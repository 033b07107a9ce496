"""The inbox table and its claims: one row per (subscription, event) ever handled."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

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


def claim_sql(schema: str) -> str:
    # ON CONFLICT DO NOTHING makes a redelivered event claim nothing: its effects, done in the
    # same transaction as its first claim, are not done again. Also skips repeats in one batch.
    return f"""
        INSERT INTO {identifier(schema)}.inbox
            (subscription, event_id, topic, partition, kafka_offset)
        SELECT $1, c.event_id, $2, $3, c.kafka_offset
        FROM unnest($4::uuid[], $5::bigint[]) AS c(event_id, kafka_offset)
        ON CONFLICT DO NOTHING
        RETURNING event_id
    """


async def claim(
    conn: Conn, schema: str, subscription: str, messages: Sequence[InboundMessage]
) -> set[UUID]:
    """The ids of `messages` (all of one partition) this subscription had never claimed."""
    ids, offsets = [m.envelope.id for m in messages], [m.offset for m in messages]
    first = messages[0]
    rows = await conn.fetch(
        claim_sql(schema), subscription, first.topic, first.partition, ids, offsets
    )
    return {row["event_id"] for row in rows}
