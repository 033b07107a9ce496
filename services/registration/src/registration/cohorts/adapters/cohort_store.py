"""PostgreSQL side of cohort import: kept files (sealed, one per operator and content), which
import registered whom, and the registry's bulk lookups and reservations."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.store.schema import Conn, identifier
from registration.cohorts.application.ports import Holder, RegistryRace, Reservation
from registration.cohorts.domain.cohort_checks import CooperativeRef


async def install_cohort_imports(conn: Conn, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.cohort_import_files (
            import_id uuid PRIMARY KEY, operator_id uuid NOT NULL, content_hash text NOT NULL,
            sealed jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (operator_id, content_hash));
        CREATE TABLE IF NOT EXISTS {s}.cohort_import_candidates (
            candidate_id uuid PRIMARY KEY, import_id uuid NOT NULL, row_number integer NOT NULL,
            cooperative_id uuid NOT NULL);
        CREATE TABLE IF NOT EXISTS {s}.cohort_import_leases (
            import_id uuid PRIMARY KEY, committed_by uuid NOT NULL,
            expires_at timestamptz NOT NULL);
        GRANT SELECT, INSERT ON {s}.cohort_import_files, {s}.cohort_import_candidates
            TO kompeten_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.cohort_import_leases TO kompeten_app;""")


class PostgresCohortFiles:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.table = pool, f"{identifier(schema)}.cohort_import_files"

    async def find(self, operator_id: UUID, content_hash: str) -> UUID | None:
        found: UUID | None = await self.pool.fetchval(
            f"SELECT import_id FROM {self.table} WHERE operator_id = $1 AND content_hash = $2",
            operator_id, content_hash)  # fmt: skip
        return found

    async def save(
        self, tx: Conn, import_id: UUID, operator_id: UUID, content_hash: str, sealed: Any
    ) -> UUID | None:
        # The unique key makes a concurrent upload of the same file wait, then find the first.
        inserted = await tx.fetchval(
            f"INSERT INTO {self.table} (import_id, operator_id, content_hash, sealed) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING import_id",
            import_id, operator_id, content_hash, sealed)  # fmt: skip
        if inserted is not None:
            return None
        holder: UUID = await tx.fetchval(
            f"SELECT import_id FROM {self.table} WHERE operator_id = $1 AND content_hash = $2",
            operator_id, content_hash)  # fmt: skip
        return holder

    async def load(self, import_id: UUID) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self.pool.fetchval(
            f"SELECT sealed FROM {self.table} WHERE import_id = $1", import_id
        )
        return found


class PostgresCommitLeases:
    """Leases are not facts of the log: a row per commit in flight, renewed and deleted."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.table = pool, f"{identifier(schema)}.cohort_import_leases"

    async def renew(self, import_id: UUID, by: UUID, until: datetime) -> None:
        await self.pool.execute(
            f"INSERT INTO {self.table} (import_id, committed_by, expires_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (import_id) DO UPDATE SET committed_by = $2, expires_at = $3",
            import_id, by, until)  # fmt: skip

    async def release(self, import_id: UUID) -> None:
        await self.pool.execute(f"DELETE FROM {self.table} WHERE import_id = $1", import_id)

    async def expiry(self, import_id: UUID) -> datetime | None:
        found: datetime | None = await self.pool.fetchval(
            f"SELECT expires_at FROM {self.table} WHERE import_id = $1", import_id
        )
        return found

    async def held(self) -> list[tuple[UUID, UUID]]:
        rows = await self.pool.fetch(f"SELECT import_id, committed_by FROM {self.table}")
        return [(r["import_id"], r["committed_by"]) for r in rows]


class PostgresCohortRegistry:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.s = pool, identifier(schema)

    async def cooperatives(self, refs: set[str]) -> dict[str, CooperativeRef]:
        rows = await self.pool.fetch(
            f"SELECT cooperative_id, name, legal_number, district_code FROM {self.s}.cooperatives "
            "WHERE legal_number = ANY($1::text[]) OR cooperative_id::text = ANY($1::text[])",
            list(refs))  # fmt: skip
        found = {}
        for r in rows:
            ref = CooperativeRef(str(r["cooperative_id"]), r["name"], r["district_code"])
            found[r["legal_number"]] = found[str(r["cooperative_id"])] = ref
        return {key: ref for key, ref in found.items() if key in refs}

    async def holders(self, tx: Conn, nik_hashes: list[str]) -> dict[str, Holder]:
        rows = await tx.fetch(
            f"SELECT n.nik_hash, n.candidate_id, e.data -> 'personal' AS personal, c.name "
            f"FROM {self.s}.nik_index n LEFT JOIN {self.s}.events e "
            "ON e.stream_id = 'candidate-' || n.candidate_id AND e.stream_version = 1 "
            f"LEFT JOIN {self.s}.cohort_import_candidates i ON i.candidate_id = n.candidate_id "
            f"LEFT JOIN {self.s}.cooperatives c ON c.cooperative_id = i.cooperative_id "
            "WHERE n.nik_hash = ANY($1::text[])",
            nik_hashes)  # fmt: skip
        return {r["nik_hash"]: Holder(r["candidate_id"], r["personal"], r["name"]) for r in rows}

    async def emails_taken(self, tx: Conn, email_hashes: list[str]) -> set[str]:
        rows = await tx.fetch(
            f"SELECT email_hash FROM {self.s}.candidate_emails WHERE email_hash = ANY($1::text[])",
            email_hashes)  # fmt: skip
        return {r["email_hash"] for r in rows}

    async def reserve(self, tx: Conn, import_id: UUID, reservations: list[Reservation]) -> None:
        ids = [r.candidate_id for r in reservations]
        try:
            # Plain INSERTs: a NIK or e-mail taken since the chunk's lookup fails the chunk,
            # which is then redone on fresh lookups (RegistryRace).
            await tx.execute(
                f"INSERT INTO {self.s}.nik_index (nik_hash, candidate_id) "
                "SELECT * FROM unnest($1::text[], $2::uuid[])",
                [r.nik_hash for r in reservations], ids)  # fmt: skip
            await tx.execute(
                f"INSERT INTO {self.s}.candidate_emails (email_hash, candidate_id) "
                "SELECT * FROM unnest($1::text[], $2::uuid[])",
                [r.email_hash for r in reservations], ids)  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise RegistryRace(str(exc.constraint_name)) from exc
        await tx.execute(
            f"INSERT INTO {self.s}.cohort_import_candidates "
            "SELECT c, $1::uuid, r, k FROM unnest($2::uuid[], $3::int[], $4::uuid[]) AS t(c, r, k)",
            import_id, ids, [r.row for r in reservations],
            [r.cooperative_id for r in reservations])  # fmt: skip

    async def imported(self, candidate_ids: list[UUID]) -> dict[UUID, UUID]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, cooperative_id FROM {self.s}.cohort_import_candidates "
            "WHERE candidate_id = ANY($1::uuid[])",
            candidate_ids)  # fmt: skip
        return {r["candidate_id"]: r["cooperative_id"] for r in rows}
