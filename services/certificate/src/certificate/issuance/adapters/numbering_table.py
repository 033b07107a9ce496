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

from collections.abc import Callable
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
        held = await tx.fetchrow(
            f"SELECT seq, number FROM {self.numbers} WHERE certificate_id = $1", certificate_id
        )
        if held is not None:
            return int(held["seq"]), str(held["number"])
        lsp = lsp_id or NO_LSP
        # One statement: the first of its (LSP, scheme, year) creates the counter at 1, the
        # others move it on under its row lock, held until this transaction ends.
        seq = int(await tx.fetchval(
            f"INSERT INTO {self.counters} AS c (lsp_id, scheme_code, year, last) "
            "VALUES ($1, $2, $3, 1) ON CONFLICT (lsp_id, scheme_code, year) "
            "DO UPDATE SET last = c.last + 1 RETURNING last",
            lsp, scheme_code, year,
        ))  # fmt: skip
        number = render(seq)
        inserted = await tx.fetchval(
            f"INSERT INTO {self.numbers} (certificate_id, lsp_id, scheme_code, year, seq, number)"
            " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (certificate_id) DO NOTHING "
            "RETURNING seq",
            certificate_id, lsp, scheme_code, year, seq, number,
        )  # fmt: skip
        if inserted is None:  # numbered by a transaction that committed meanwhile
            raise ConcurrencyError(f"certificate-{certificate_id}", 0, 1)
        return seq, number


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
