"""The register as public verification reads it by token: the certificate's row and its
holder's sealed copy in one query (the copy stays ciphertext until the key store opens it), so
a verification by QR code is one read here, one at the key store, and its records."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from certificate.issuance.adapters.certificate_register import (
    COLUMNS,
    PostgresCertificateRegister,
    _row,
)
from eventkit.store.schema import identifier

QUALIFIED = ", ".join(f"c.{column.strip()}" for column in COLUMNS.split(","))


class PostgresPublicRegister:
    def __init__(self, register: PostgresCertificateRegister, pool: asyncpg.Pool,
                 schema: str) -> None:  # fmt: skip
        s = identifier(schema)
        self.register, self.pool = register, pool
        self.query = (
            f"SELECT {QUALIFIED}, h.sealed AS holder_sealed FROM {s}.certificates c "
            f"LEFT JOIN {s}.holders h ON h.candidate_id = c.candidate_id WHERE c.token = $1"
        )

    async def by_token(self, token: str) -> dict[str, Any] | None:
        """The row, with `holder_sealed`: the holder's sealed details, None if not received."""
        row = await self.pool.fetchrow(self.query, token)
        if row is None:
            return None
        found = _row(row)
        if isinstance(found["holder_sealed"], str):
            found["holder_sealed"] = json.loads(found["holder_sealed"])
        return found

    async def by_number(self, number: str) -> list[dict[str, Any]]:
        return await self.register.by_number(number)
