"""Status list indices in PostgreSQL: one row per certificate (its LSP and index) and one
counter row per LSP, written in the issuing transaction, as the certificate numbers are.

Invariants kept here:
- Never reused: an index is a row with UNIQUE (LSP, index) that is never deleted (the
  application role may only SELECT and INSERT it), so no two certificates of an LSP share a
  bit, and a certificate withdrawn long ago keeps its bit to itself.
- Random, not sequential: an index says nothing about when or in which cohort a certificate
  was issued. It is drawn below bitstring.index_range(allocated), which keeps the list at most
  half full: a draw that hits a taken index draws again (two tries on average).
- Once per certificate: a certificate that has an index gets it back; two transactions giving
  the same certificate one cannot both commit (primary key), and the loser is told to run
  again (ConcurrencyError).
- The counter's row lock (UPDATE) serialises an LSP's issuers until commit; it is taken after
  the number's lock, always in that order, so issuers never deadlock."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from certificate.status_lists.domain.bitstring import index_range
from eventkit.store import ConcurrencyError
from eventkit.store.schema import identifier

NO_LSP = UUID(int=0)  # certificates of recommendations from before LSPs were tenants


class PostgresStatusIndices:
    def __init__(self, schema: str) -> None:
        s = identifier(schema)
        self.counters, self.indices = f"{s}.status_list_counters", f"{s}.status_list_indices"

    async def allocate(self, tx: Any, certificate_id: UUID, lsp_id: UUID | None) -> int:
        return (await self.allocate_many(tx, [certificate_id], lsp_id))[certificate_id]

    async def allocate_many(
        self, tx: Any, certificate_ids: Sequence[UUID], lsp_id: UUID | None
    ) -> dict[UUID, int]:
        """`allocate` of each, in three statements (and one more per round of draws that hit
        taken indices, rarely needed) whatever their number."""
        held = await tx.fetch(
            f"SELECT certificate_id, idx FROM {self.indices}"
            " WHERE certificate_id = ANY($1::uuid[])",
            list(certificate_ids),
        )  # fmt: skip
        found = {r["certificate_id"]: int(r["idx"]) for r in held}
        wanted = list(dict.fromkeys(c for c in certificate_ids if c not in found))
        if not wanted:
            return found
        lsp = lsp_id or NO_LSP
        before = int(await tx.fetchval(
            f"INSERT INTO {self.counters} AS c (lsp_id, allocated) VALUES ($1, $2) "
            "ON CONFLICT (lsp_id) DO UPDATE SET allocated = c.allocated + $2 "
            "RETURNING allocated - $2",
            lsp, len(wanted),
        ))  # fmt: skip
        # Each certificate draws below the range its place in the count allows, as one by one.
        bits = {c: index_range(before + n) for n, c in enumerate(wanted)}
        while wanted:
            drawn = [secrets.randbelow(bits[c]) for c in wanted]
            inserted = await tx.fetch(
                f"INSERT INTO {self.indices} (certificate_id, lsp_id, idx)"
                " SELECT c, $2, i FROM unnest($1::uuid[], $3::int[]) AS t(c, i)"
                " ON CONFLICT DO NOTHING RETURNING certificate_id, idx",
                wanted, lsp, drawn,
            )  # fmt: skip
            found.update((r["certificate_id"], int(r["idx"])) for r in inserted)
            missed = [c for c in wanted if c not in found]
            if missed and await tx.fetchval(
                f"SELECT 1 FROM {self.indices} WHERE certificate_id = ANY($1::uuid[])", missed
            ):  # given an index by a transaction that committed meanwhile
                raise ConcurrencyError(f"certificate-{missed[0]}", 0, 1)
            wanted = missed  # draws that hit a taken index (or each other): draw again
        return found


async def install_status_indices(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.status_list_counters (
            lsp_id uuid PRIMARY KEY, allocated integer NOT NULL CHECK (allocated >= 0));
        CREATE TABLE IF NOT EXISTS {s}.status_list_indices (
            certificate_id uuid PRIMARY KEY, lsp_id uuid NOT NULL,
            idx integer NOT NULL CHECK (idx >= 0),
            allocated_at timestamptz NOT NULL DEFAULT now(), UNIQUE (lsp_id, idx));
        GRANT SELECT, INSERT, UPDATE ON {s}.status_list_counters TO kompeten_app;
        GRANT SELECT, INSERT ON {s}.status_list_indices TO kompeten_app;
    """)
