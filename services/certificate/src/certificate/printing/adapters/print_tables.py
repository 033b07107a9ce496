"""Printing's own tables beside its streams: the first batch of each certificate (claimed in
the requesting transaction, so two batches requested at once never both print one), the jobs
the worker leases, and the merged print files (bytea: a cohort's file is ~1.5 MB)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.store.schema import identifier


class PostgresPrintTables:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)

    async def first_printed_in(self, certificate_ids: Iterable[UUID]) -> dict[UUID, UUID]:
        rows = await self.pool.fetch(
            f"SELECT certificate_id, batch_id FROM {self.schema}.print_claims "
            "WHERE certificate_id = ANY($1::uuid[])",
            list(certificate_ids),
        )
        return {row["certificate_id"]: row["batch_id"] for row in rows}

    async def claim(
        self, tx: Any, batch_id: UUID, certificate_ids: Iterable[UUID]
    ) -> dict[UUID, UUID]:
        wanted = list(certificate_ids)
        # A row another open transaction inserted makes this one wait for its commit, then
        # skip it: the certificate is that batch's.
        await tx.execute(
            f"INSERT INTO {self.schema}.print_claims (certificate_id, batch_id) "
            "SELECT unnest($1::uuid[]), $2 ON CONFLICT (certificate_id) DO NOTHING",
            wanted, batch_id,
        )  # fmt: skip
        rows = await tx.fetch(
            f"SELECT certificate_id, batch_id FROM {self.schema}.print_claims "
            "WHERE certificate_id = ANY($1::uuid[]) AND batch_id <> $2",
            wanted, batch_id,
        )  # fmt: skip
        return {row["certificate_id"]: row["batch_id"] for row in rows}

    async def release(self, tx: Any, batch_id: UUID, certificate_ids: Iterable[UUID]) -> None:
        await tx.execute(
            f"DELETE FROM {self.schema}.print_claims "
            "WHERE batch_id = $1 AND certificate_id = ANY($2::uuid[])",
            batch_id, list(certificate_ids),
        )  # fmt: skip

    async def add(self, tx: Any, batch_id: UUID) -> None:
        await tx.execute(
            f"INSERT INTO {self.schema}.print_jobs (batch_id) VALUES ($1) "
            "ON CONFLICT (batch_id) DO NOTHING",
            batch_id,
        )

    async def lease_next(self, seconds: float) -> UUID | None:
        # A worker that died mid-batch loses its lease when it runs out; the next one starts
        # the batch again (the log counts each page once).
        found: UUID | None = await self.pool.fetchval(
            f"UPDATE {self.schema}.print_jobs SET leased_until = now() + make_interval(secs => $1)"
            f" WHERE batch_id = (SELECT batch_id FROM {self.schema}.print_jobs WHERE NOT done "
            "AND (leased_until IS NULL OR leased_until < now()) ORDER BY added_at LIMIT 1 "
            "FOR UPDATE SKIP LOCKED) RETURNING batch_id",
            seconds,
        )
        return found

    async def done(self, tx: Any, batch_id: UUID) -> None:
        await tx.execute(
            f"UPDATE {self.schema}.print_jobs SET done = true WHERE batch_id = $1", batch_id
        )

    async def store(self, tx: Any, batch_id: UUID, pdf: bytes, sha256: str) -> None:
        await tx.execute(
            f"INSERT INTO {self.schema}.print_files (batch_id, pdf, sha256) VALUES ($1, $2, $3) "
            "ON CONFLICT (batch_id) DO NOTHING",
            batch_id, pdf, sha256,
        )  # fmt: skip

    async def get(self, batch_id: UUID) -> bytes | None:
        found: bytes | None = await self.pool.fetchval(
            f"SELECT pdf FROM {self.schema}.print_files WHERE batch_id = $1", batch_id
        )
        return found


async def install_print_tables(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.print_claims (
            certificate_id uuid PRIMARY KEY,
            batch_id uuid NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {s}.print_jobs (
            batch_id uuid PRIMARY KEY,
            added_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            leased_until timestamptz,
            done boolean NOT NULL DEFAULT false);
        CREATE TABLE IF NOT EXISTS {s}.print_files (
            batch_id uuid PRIMARY KEY,
            pdf bytea NOT NULL,
            sha256 text NOT NULL,
            made_at timestamptz NOT NULL DEFAULT now());
        GRANT SELECT, INSERT ON {s}.print_claims, {s}.print_files TO kompeten_app;
        -- A claim given back when its certificate was held as its page was due (render_batch).
        GRANT DELETE ON {s}.print_claims TO kompeten_app;
        GRANT SELECT, INSERT, UPDATE ON {s}.print_jobs TO kompeten_app;
    """)
