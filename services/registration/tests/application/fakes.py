"""In-memory stand-ins for the registration ports (application tier only)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from uuid import UUID


class InMemoryUnitOfWork:
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        yield None


class InMemoryNikIndex:
    def __init__(self) -> None:
        self.owners: dict[str, UUID] = {}

    async def claim(self, tx: object, nik_hash: str, candidate_id: UUID) -> UUID | None:
        if nik_hash in self.owners:
            return self.owners[nik_hash]
        self.owners[nik_hash] = candidate_id
        return None
