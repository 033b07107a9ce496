"""One value, one holder: NIKs, legal numbers and e-mail addresses are reserved this way."""

from __future__ import annotations

from typing import Any
from uuid import UUID


async def reserve(
    tx: Any, table: str, key: str, holder: str, value: str, owner: UUID
) -> UUID | None:
    """Reserve `value` for `owner` inside the caller's transaction; None when reserved now,
    else the existing holder. The primary key on `key` makes a concurrent second claim wait
    for the first transaction, then find its holder: never two holders of one value."""
    inserted = await tx.fetchval(
        f"INSERT INTO {table} ({key}, {holder}) VALUES ($1, $2) "
        f"ON CONFLICT ({key}) DO NOTHING RETURNING {holder}",
        value,
        owner,
    )
    if inserted is not None:
        return None
    existing: UUID = await tx.fetchval(f"SELECT {holder} FROM {table} WHERE {key} = $1", value)
    return existing
