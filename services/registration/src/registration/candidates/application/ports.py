"""What the candidates' handlers need from the outside world; adapters provide it."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID


class NikIndex(Protocol):
    async def claim(self, tx: Any, nik_hash: str, candidate_id: UUID) -> UUID | None:
        """Bind a NIK (by its keyed hash) to a candidate. Returns the existing owner instead
        when the NIK is already bound to someone."""
        ...


class Applicants(Protocol):
    async def applied_to(self, candidate_id: UUID, lsp_id: UUID | None) -> bool:
        """Whether the candidate submitted an application to this LSP: its staff then read
        their personal data, no one else's."""
        ...
