"""DDL of the event store in one schema: tables, the append functions, the guard, the grants."""

from __future__ import annotations

import re
from typing import Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Conn: TypeAlias = "asyncpg.Connection[Any] | PoolConnectionProxy[Any]"
GENESIS_HASH = bytes(32)
CONFLICT_SQLSTATE = "KC409"
APP_ROLE = "kompeten_app"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

CONTENT_SQL = (
    "convert_to({r}.stream_id || '|' || {r}.stream_version || '|' || {r}.event_id || '|' ||"
    " {r}.event_type || '|' || {r}.schema_version || '|' || {r}.data::text || '|' ||"
    " {r}.metadata::text, 'UTF8')"
)


def identifier(name: str) -> str:
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def notify_channel(schema: str) -> str:
    return f"{identifier(schema)}_events"


_DDL = """
CREATE SCHEMA IF NOT EXISTS {s};
CREATE TABLE IF NOT EXISTS {s}.events (
    position bigint NOT NULL UNIQUE,
    stream_id text NOT NULL,
    stream_version int NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    schema_version int NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    hash bytea NOT NULL,
    PRIMARY KEY (stream_id, stream_version)
);
CREATE TABLE IF NOT EXISTS {s}.log_head (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    position bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO {s}.log_head (position, hash) VALUES (0, '\\x{genesis}') ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION {s}.append_batch(
    stream_ids text[], expected_versions int[], event_ids uuid[], event_types text[],
    schema_versions int[], datas jsonb[], metadatas jsonb[])
RETURNS TABLE ("position" bigint, recorded_at timestamptz, hash bytea)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
#variable_conflict use_column
DECLARE
    head_position bigint;
    head_hash bytea;
    conflict record;
    contents bytea[];
    content bytea;
    hashes bytea[] := '{{}}';
    kinds text;
BEGIN
    -- Why: this row lock is held until commit, so the next writer takes positions only after
    -- this transaction is visible; a reader past position N never later sees one below N.
    SELECT h.position, h.hash INTO head_position, head_hash FROM {s}.log_head h FOR UPDATE;
    -- Why: expected_versions are per row (its version - 1); consecutive per stream here and
    -- unique by the primary key, so a stream's versions never skip.
    SELECT b.sid, b.expected, c.actual, b.consecutive INTO conflict
    FROM (SELECT u.sid, min(u.expected) AS expected,
                 max(u.expected) - min(u.expected) + 1 = count(*) AS consecutive
          FROM unnest(stream_ids, expected_versions) AS u(sid, expected) GROUP BY u.sid) b
    CROSS JOIN LATERAL (SELECT coalesce(max(e.stream_version), 0) AS actual
                        FROM {s}.events e WHERE e.stream_id = b.sid) c
    WHERE c.actual <> b.expected OR NOT b.consecutive LIMIT 1;
    IF FOUND AND NOT conflict.consecutive THEN
        RAISE EXCEPTION 'stream %: expected versions in a batch must be consecutive', conflict.sid
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '{conflict}',
            MESSAGE = format('stream %s: expected version %s, found %s',
                             conflict.sid, conflict.expected, conflict.actual),
            DETAIL = json_build_object('stream_id', conflict.sid,
                                       'expected', conflict.expected,
                                       'actual', conflict.actual)::text;
    END IF;
    SELECT array_agg({content} ORDER BY r.ord) INTO contents
    FROM (SELECT u.*, u.expected + 1 AS stream_version
          FROM unnest(stream_ids, expected_versions, event_ids, event_types, schema_versions,
                      datas, metadatas)
              WITH ORDINALITY AS u(stream_id, expected, event_id, event_type, schema_version,
                                   data, metadata, ord)) r;
    FOREACH content IN ARRAY contents LOOP
        head_hash := sha256(head_hash || content);
        hashes := array_append(hashes, head_hash);
    END LOOP;
    INSERT INTO {s}.events (position, stream_id, stream_version, event_id, event_type,
                            schema_version, data, metadata, hash)
    SELECT head_position + r.ord, r.sid, r.expected + 1, r.eid, r.etype, r.sv, r.d, r.m, r.h
    FROM unnest(stream_ids, expected_versions, event_ids, event_types, schema_versions, datas,
                metadatas, hashes)
        WITH ORDINALITY AS r(sid, expected, eid, etype, sv, d, m, h, ord);
    RETURN QUERY SELECT head_position + r.ord, now(), r.h
    FROM unnest(hashes) WITH ORDINALITY AS r(h, ord);
    UPDATE {s}.log_head SET position = head_position + cardinality(hashes), hash = head_hash;
    -- Why the types: a follower of some types only (a read model, a relay) stays asleep
    -- through a hall's answer saves it does not read (eventkit.wakeup). Too many to list: none,
    -- which wakes everyone.
    SELECT string_agg(DISTINCT t, ',') INTO kinds FROM unnest(event_types) AS t;
    PERFORM pg_notify('{channel}', (head_position + cardinality(hashes))::text
                      || CASE WHEN length(kinds) <= 4000 THEN ' ' || kinds ELSE '' END);
END
$fn$;

CREATE OR REPLACE FUNCTION {s}.append_events(
    stream_id text, expected_version int, event_ids uuid[], event_types text[],
    schema_versions int[], datas jsonb[], metadatas jsonb[])
RETURNS TABLE ("position" bigint, recorded_at timestamptz, hash bytea)
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT * FROM {s}.append_batch(
        array_fill(stream_id, ARRAY[cardinality(event_ids)]),
        ARRAY(SELECT expected_version + g.i
              FROM generate_series(0, cardinality(event_ids) - 1) AS g(i) ORDER BY g.i),
        event_ids, event_types, schema_versions, datas, metadatas)
$fn$;

CREATE OR REPLACE FUNCTION {s}.refuse_event_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '%.events is append-only: % refused', TG_TABLE_SCHEMA, TG_OP
        USING ERRCODE = 'KC405';
END
$fn$;
CREATE OR REPLACE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON {s}.events
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_event_change();

REVOKE ALL ON {s}.events, {s}.log_head FROM {role};
GRANT USAGE ON SCHEMA {s} TO {role};
GRANT SELECT, INSERT ON {s}.events TO {role};
GRANT SELECT, UPDATE ON {s}.log_head TO {role};
REVOKE ALL ON FUNCTION {s}.append_batch, {s}.append_events FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {s}.append_batch, {s}.append_events TO {role};
"""


async def install_event_store(conn: Conn, schema: str, *, app_role: str = APP_ROLE) -> None:
    """Create (or bring up to date) the event store in `schema`; safe to run again."""
    s = identifier(schema)
    ddl = _DDL.format(
        s=s,
        role=identifier(app_role),
        channel=notify_channel(s),
        conflict=CONFLICT_SQLSTATE,
        genesis=GENESIS_HASH.hex(),
        content=CONTENT_SQL.format(r="r"),
    )
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"eventkit.store.{s}")
        await conn.execute(ddl)
