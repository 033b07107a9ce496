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
        held = await tx.fetchval(
            f"SELECT idx FROM {self.indices} WHERE certificate_id = $1", certificate_id
        )
        if held is not None:
            return int(held)
        lsp = lsp_id or NO_LSP
        await tx.execute(
            f"INSERT INTO {self.counters} (lsp_id, allocated) VALUES ($1, 0) "
            "ON CONFLICT DO NOTHING",
            lsp,
        )
        allocated = int(await tx.fetchval(
            f"UPDATE {self.counters} SET allocated = allocated + 1 WHERE lsp_id = $1 "
            "RETURNING allocated - 1",
            lsp,
        ))  # fmt: skip
        bits = index_range(allocated)
        while True:
            index = secrets.randbelow(bits)
            inserted = await tx.fetchval(
                f"INSERT INTO {self.indices} (certificate_id, lsp_id, idx) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING RETURNING idx",
                certificate_id, lsp, index,
            )  # fmt: skip
            if inserted is not None:
                return index
            taken_by_it = await tx.fetchval(
                f"SELECT 1 FROM {self.indices} WHERE certificate_id = $1", certificate_id
            )
            if taken_by_it:  # given an index by a transaction that committed meanwhile
                raise ConcurrencyError(f"certificate-{certificate_id}", 0, 1)


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
