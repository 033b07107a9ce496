"""Certificate numbers in PostgreSQL: one counter row per (LSP, scheme, year) and one row per
numbered certificate, written in the issuing transaction.

Invariants kept here:
- No gaps: the counter moves only in the transaction that issues the certificate; if that
  transaction rolls back (a lost race, a crash), the counter rolls back with it and the next
  issuer gets the same sequence.
- No repeats: the counter's row lock (its upsert) serialises issuers of one (LSP, scheme, year)
  until commit, and unique constraints on (LSP, scheme, year, seq) and (LSP, number) make a
  repeat impossible rather than unlikely.
- Once per certificate: a certificate that has a number gets it back; two transactions
  numbering the same certificate at once cannot both commit (primary key), and the loser is
  told to run again (ConcurrencyError), its counter step undone with it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import asyncpg

from eventkit.store import ConcurrencyError
from eventkit.store.schema import identifier

NO_LSP = UUID(int=0)  # recommendations from before LSPs were tenants


class PostgresNumbering:
    def __init__(self, schema: str) -> None:
        s = identifier(schema)
        self.counters, self.numbers = f"{s}.number_counters", f"{s}.certificate_numbers"

    async def allocate(
        self, tx: Any, certificate_id: UUID, lsp_id: UUID | None, scheme_code: str, year: int,
        render: Callable[[int], str],
    ) -> tuple[int, str]:  # fmt: skip
        found = await self.allocate_many(tx, [certificate_id], lsp_id, scheme_code, year, render)
        return found[certificate_id]

    async def allocate_many(
        self, tx: Any, certificate_ids: Sequence[UUID], lsp_id: UUID | None, scheme_code: str,
        year: int, render: Callable[[int], str],
    ) -> dict[UUID, tuple[int, str]]:  # fmt: skip
        """`allocate` of each, in three statements whatever their number: a cohort's numbers
        are consecutive, in the order given."""
        held = await tx.fetch(
            f"SELECT certificate_id, seq, number FROM {self.numbers}"
            " WHERE certificate_id = ANY($1::uuid[])",
            list(certificate_ids),
        )  # fmt: skip
        found = {r["certificate_id"]: (int(r["seq"]), str(r["number"])) for r in held}
        wanted = list(dict.fromkeys(c for c in certificate_ids if c not in found))
        if not wanted:
            return found
        lsp = lsp_id or NO_LSP
        # One statement: the first of its (LSP, scheme, year) creates the counter, the others
        # move it on under its row lock, held until this transaction ends.
        last = int(await tx.fetchval(
            f"INSERT INTO {self.counters} AS c (lsp_id, scheme_code, year, last) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (lsp_id, scheme_code, year) "
            "DO UPDATE SET last = c.last + $4 RETURNING last",
            lsp, scheme_code, year, len(wanted),
        ))  # fmt: skip
        seqs = range(last - len(wanted) + 1, last + 1)
        numbers = [render(seq) for seq in seqs]
        inserted = await tx.fetch(
            f"INSERT INTO {self.numbers} (certificate_id, lsp_id, scheme_code, year, seq, number)"
            " SELECT c, $2, $3, $4, s, n FROM unnest($1::uuid[], $5::int[], $6::text[])"
            " AS t(c, s, n) ON CONFLICT (certificate_id) DO NOTHING RETURNING certificate_id",
            wanted, lsp, scheme_code, year, list(seqs), numbers,
        )  # fmt: skip
        if len(inserted) < len(wanted):  # numbered by a transaction that committed meanwhile
            lost = next(iter(set(wanted) - {r["certificate_id"] for r in inserted}))
            raise ConcurrencyError(f"certificate-{lost}", 0, 1)
        found.update(zip(wanted, zip(seqs, numbers, strict=True), strict=True))
        return found


async def install_numbering(conn: asyncpg.Connection, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {s}.number_counters (
            lsp_id uuid NOT NULL, scheme_code text NOT NULL, year integer NOT NULL,
            last integer NOT NULL CHECK (last >= 0),
            PRIMARY KEY (lsp_id, scheme_code, year));
        CREATE TABLE IF NOT EXISTS {s}.certificate_numbers (
            certificate_id uuid PRIMARY KEY, lsp_id uuid NOT NULL, scheme_code text NOT NULL,
            year integer NOT NULL, seq integer NOT NULL CHECK (seq >= 1), number text NOT NULL,
            numbered_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (lsp_id, scheme_code, year, seq), UNIQUE (lsp_id, number));
        GRANT SELECT, INSERT, UPDATE ON {s}.number_counters TO kompeten_app;
        GRANT SELECT, INSERT ON {s}.certificate_numbers TO kompeten_app;
    """)
