"""What assessment's handlers need from the outside world; adapters provide it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class PooledCandidate:
    candidate_id: UUID
    district_code: str
    registered_at: datetime


class CandidatePool(Protocol):
    """Candidates registration has admitted, waiting to be planned into an assessment."""

    async def add(self, tx: Any, candidate: PooledCandidate) -> None: ...

    async def get(self, candidate_id: UUID) -> PooledCandidate | None: ...

    async def in_district(self, district_code: str, limit: int) -> list[PooledCandidate]: ...
