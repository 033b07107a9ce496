"""What the registration handlers need from the outside world; adapters provide it."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol
from uuid import UUID


class UnitOfWork(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[Any]:
        """An open transaction handle: everything done with it commits or rolls back together."""
        ...


class NikIndex(Protocol):
    async def claim(self, tx: Any, nik_hash: str, candidate_id: UUID) -> UUID | None:
        """Bind a NIK (by its keyed hash) to a candidate. Returns the existing owner instead
        when the NIK is already bound to someone."""
        ...
