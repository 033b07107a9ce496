"""Exactly-once application of client submissions that carry a client-generated id (DESIGN §8).

A handler claims (scope, key) in the transaction that applies its effects and stores its answer
with `complete` in that same transaction. A retry, a double tap or a late re-send after a dropped
connection then gets the stored answer and changes nothing; a key reused for different content
raises IdempotencyConflict (the API answers 422 naming the field client_id).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from eventkit.pii import hash_secret_from_env

if TYPE_CHECKING:
    import asyncpg
    from asyncpg.pool import PoolConnectionProxy

    Conn: TypeAlias = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


class IdempotencyConflict(Exception):
    def __init__(self, scope: str, key: str) -> None:
        super().__init__(f"{scope}: key {key!r} was already used for a different request")
        self.scope = scope
        self.key = key


def fingerprint(payload: dict[str, Any], secret: bytes | None = None) -> str:
    """HMAC-SHA256 of canonical JSON (sorted keys, no whitespace): equal content, equal print.

    Keyed, because payloads hold personal data (NIK, name, e-mail): a plain hash of a NIK can
    be reversed by trying every NIK, and a print must not outlive the person's erasure.
    """
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), allow_nan=False)
    key = secret if secret is not None else hash_secret_from_env()
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


async def install_idempotency(conn: Conn, schema: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise ValueError(f"invalid schema name {schema!r}")
    # The CHECK keeps a claim either pending (no answer yet) or completed with a full answer.
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".idempotency_keys (
            scope text NOT NULL, key text NOT NULL, fingerprint text NOT NULL,
            status int, response jsonb,
            created_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz,
            PRIMARY KEY (scope, key),
            CHECK ((status IS NULL) = (response IS NULL)
                   AND (status IS NULL) = (completed_at IS NULL)));
        GRANT SELECT, INSERT, UPDATE ON "{schema}".idempotency_keys TO kompeten_app;""")


def _replay(
    scope: str, key: str, expected: str, found: str, done: StoredResponse | None
) -> StoredResponse:
    if done is None:
        raise RuntimeError(
            f"{scope}: key {key!r} is claimed but not completed: claimed twice "
            "in one transaction, or committed without complete()"
        )
    if found != expected:
        raise IdempotencyConflict(scope, key)
    return StoredResponse(done.status, json.loads(json.dumps(done.body)))  # caller's own copy


class PostgresIdempotencyKeys:
    """Keys in `<schema>.idempotency_keys`; both calls run on the caller's transaction."""

    def __init__(self, schema: str) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
            raise ValueError(f"invalid schema name {schema!r}")
        self._table = f'"{schema}".idempotency_keys'

    async def claim(
        self, conn: Conn, scope: str, key: str, fingerprint: str
    ) -> StoredResponse | None:
        """None: this request owns the key and must `complete` it in the same transaction.
        Otherwise the answer stored by the request that applied it."""
        # Why two concurrent identical requests end with one effect: the primary key makes this
        # INSERT wait while another transaction holds an uncommitted claim of the same key. If
        # that one commits, ours inserts nothing and the SELECT (a new READ COMMITTED snapshot)
        # reads its stored answer; if it rolls back, ours inserts and this request applies it.
        inserted = await conn.fetchval(
            f"INSERT INTO {self._table} (scope, key, fingerprint) VALUES ($1, $2, $3) "
            "ON CONFLICT (scope, key) DO NOTHING RETURNING true",
            scope,
            key,
            fingerprint,
        )
        if inserted:
            return None
        row = await conn.fetchrow(
            f"SELECT fingerprint, status, response::text AS response FROM {self._table} "
            "WHERE scope = $1 AND key = $2",
            scope,
            key,
        )
        if row is None:
            raise RuntimeError(f"{scope}: claim of {key!r} vanished; claim under READ COMMITTED")
        done = (
            None
            if row["status"] is None
            else StoredResponse(row["status"], json.loads(row["response"]))
        )
        return _replay(scope, key, fingerprint, row["fingerprint"], done)

    async def complete(self, conn: Conn, scope: str, key: str, response: StoredResponse) -> None:
        # Text cast to jsonb: correct whatever json codec the caller's pool has registered.
        status = await conn.execute(
            f"UPDATE {self._table} SET status = $3, response = $4::text::jsonb, "
            "completed_at = now() WHERE scope = $1 AND key = $2 AND status IS NULL",
            scope,
            key,
            response.status,
            json.dumps(response.body),
        )
        if status != "UPDATE 1":  # a stored answer never changes
            raise RuntimeError(f"{scope}: no pending claim of {key!r} in this transaction")


@dataclass
class _Claim:
    fingerprint: str
    owner: object
    done: StoredResponse | None = None


class InMemoryIdempotencyKeys:
    """Same answers as PostgresIdempotencyKeys, for application tests (no isolation).

    Memory has no rollback: a claim left pending by another unit of work (or by tx None) is
    taken to belong to a transaction that failed, so the next claim owns the key, as it would
    after PostgreSQL rolled the failed claim back.
    """

    def __init__(self) -> None:
        self._claims: dict[tuple[str, str], _Claim] = {}

    async def claim(
        self, conn: object, scope: str, key: str, fingerprint: str
    ) -> StoredResponse | None:
        found = self._claims.get((scope, key))
        if found is None or (found.done is None and (conn is None or found.owner is not conn)):
            self._claims[(scope, key)] = _Claim(fingerprint, conn)
            return None
        return _replay(scope, key, fingerprint, found.fingerprint, found.done)

    async def complete(self, conn: object, scope: str, key: str, response: StoredResponse) -> None:
        found = self._claims.get((scope, key))
        if found is None or found.done is not None:
            raise RuntimeError(f"{scope}: no pending claim of {key!r} in this transaction")
        # A JSON round trip, like jsonb: later changes to the caller's dict cannot alter it.
        found.done = StoredResponse(response.status, json.loads(json.dumps(response.body)))
