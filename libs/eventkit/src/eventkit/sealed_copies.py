"""Sealed copies of personal data whose keys another service keeps (DESIGN.md §7): a service that
legitimately needs a person's name (certificate printing it, assessment showing it on the
assessor's roster) receives it on the internal personal-data topic sealed under the person's key
(kompeten_contracts.internal.HolderDetailsSealedV1), keeps it as received (ciphertext, the latest
acceptance per person), opens it only through the key store's reader (eventkit.key_store) for
one purpose at a time, and records every opening (whose, why, by whom, when) in
`personal_data_reads`. Nothing opened is written or cached: once the key store's owner erases
the person, the next reading finds no key and the copy stays ciphertext for good."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

import asyncpg

from eventkit.key_store import KeyStoreUnavailable
from eventkit.pii import Blob, Fields
from eventkit.store.schema import identifier
from kompeten_contracts.internal import HolderDetailsSealedV1


class Readable(StrEnum):
    READABLE = "readable"
    ERASED = "erased"  # received, but the person was erased: the key is gone
    UNAVAILABLE = "unavailable"  # the key store did not answer: try again later


@dataclass(frozen=True)
class Opened:
    readable: Readable
    fields: Fields = field(default_factory=dict)


class Copies(Protocol):
    async def sealed(self, subject_ids: Sequence[UUID]) -> dict[UUID, Blob]: ...

    async def record_reads(self, subject_ids: Sequence[UUID], purpose: str,
                           actor: UUID | None, role: str | None) -> None: ...  # fmt: skip


class Keys(Protocol):
    async def open_many(self, items: list[tuple[UUID, Blob]]) -> list[Fields | None]:
        """None for a person erased; KeyStoreUnavailable when the store cannot be reached."""
        ...


@dataclass
class SealedPersonalData:
    copies: Copies
    keys: Keys

    async def open(self, subject_ids: Sequence[UUID], purpose: str, actor: UUID | None = None,
                   role: str | None = None) -> dict[UUID, Opened]:  # fmt: skip
        """What was received of `subject_ids` (the others are absent), opened; each person
        whose data was read is recorded as read by `actor` for `purpose`."""
        return await self.open_sealed(await self.copies.sealed(subject_ids), purpose, actor, role)

    async def open_sealed(self, sealed: Mapping[UUID, Blob], purpose: str,
                          actor: UUID | None = None, role: str | None = None,
                          ) -> dict[UUID, Opened]:  # fmt: skip
        """As `open`, for copies the caller read already (with the row it answers from)."""
        if not sealed:
            return {}
        items = list(sealed.items())
        try:
            opened = await self.keys.open_many(items)
        except KeyStoreUnavailable:
            return {subject: Opened(Readable.UNAVAILABLE) for subject, _ in items}
        found = {s: _opened(fields) for (s, _), fields in zip(items, opened, strict=True)}
        read = [s for s, o in found.items() if o.readable is Readable.READABLE]
        if read:
            await self.copies.record_reads(read, purpose, actor, role)
        return found


def _opened(fields: Fields | None) -> Opened:
    return Opened(Readable.ERASED) if fields is None else Opened(Readable.READABLE, fields)


class PostgresSealedCopies:
    """`<table>` (one row per person: the latest acceptance's sealed details) and
    `personal_data_reads` (append-only for the app role: insert and select)."""

    def __init__(self, pool: asyncpg.Pool, schema: str, table: str) -> None:
        self.pool = pool
        s = identifier(schema)
        self.table, self.reads = f"{s}.{identifier(table)}", f"{s}.personal_data_reads"

    async def keep(self, tx: Any, event: HolderDetailsSealedV1) -> None:
        """In the inbox's transaction; an older acceptance arriving late changes nothing."""
        await tx.execute(
            f"INSERT INTO {self.table} AS h (candidate_id, application_id, lsp_id, sealed, "
            "accepted_at) VALUES ($1, $2, $3, $4::text::jsonb, $5) ON CONFLICT (candidate_id) "
            "DO UPDATE SET application_id = excluded.application_id, lsp_id = excluded.lsp_id, "
            "sealed = excluded.sealed, accepted_at = excluded.accepted_at, received_at = now() "
            "WHERE h.accepted_at <= excluded.accepted_at",
            event.candidate_id, event.application_id, event.lsp_id, json.dumps(event.sealed),
            event.accepted_at,
        )  # fmt: skip

    async def sealed(self, subject_ids: Sequence[UUID]) -> dict[UUID, Blob]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, sealed FROM {self.table} WHERE candidate_id = ANY($1::uuid[])",
            list(subject_ids),
        )
        return {row["candidate_id"]: _json(row["sealed"]) for row in rows}

    async def record_reads(self, subject_ids: Sequence[UUID], purpose: str,
                           actor: UUID | None, role: str | None) -> None:  # fmt: skip
        await self.pool.execute(
            f"INSERT INTO {self.reads} (candidate_id, purpose, actor_id, actor_role) "
            "SELECT unnest($1::uuid[]), $2, $3, $4",
            list(subject_ids), purpose, actor, role,
        )  # fmt: skip


def _json(value: Any) -> Blob:
    found: Blob = json.loads(value) if isinstance(value, str) else value
    return found


async def install_sealed_copies(conn: asyncpg.Connection, schema: str, table: str) -> None:
    s, t = identifier(schema), identifier(table)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.{t} (
            candidate_id uuid PRIMARY KEY, application_id uuid NOT NULL, lsp_id uuid,
            sealed jsonb NOT NULL, accepted_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {s}.personal_data_reads (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, candidate_id uuid NOT NULL,
            purpose text NOT NULL, actor_id uuid, read_at timestamptz NOT NULL DEFAULT now());
        ALTER TABLE {s}.personal_data_reads ADD COLUMN IF NOT EXISTS actor_role text;
        CREATE INDEX IF NOT EXISTS personal_data_reads_candidate
            ON {s}.personal_data_reads (candidate_id, read_at);
        GRANT SELECT, INSERT, UPDATE ON {s}.{t} TO kompeten_app;
        GRANT SELECT, INSERT ON {s}.personal_data_reads TO kompeten_app;
    """)
