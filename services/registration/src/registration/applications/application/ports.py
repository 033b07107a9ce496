"""Ports of the application forms beyond the catalogue's: evidence storage and the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class EvidenceRecord:
    """Content is sealed with the candidate's vault key (`sealed`), and so are the file name and
    the content's sha256 (`sealed_name`), so erasing the person's key erases their documents,
    the names they gave them and their fingerprints. `sha256` and `file_name` are the opened
    values, held only in memory ("" when not opened, "[dihapus]" once erased)."""

    evidence_id: UUID
    application_id: UUID
    candidate_id: UUID
    sha256: str
    media_type: str
    size: int
    file_name: str
    sealed: dict[str, Any]
    sealed_name: dict[str, Any]
    uploaded_at: datetime


class EvidenceStore(Protocol):
    async def lock(self, tx: Any, application_id: UUID) -> None:
        """Hold the application's evidence until tx ends: uploads to it take turns."""
        ...

    async def add(self, tx: Any, record: EvidenceRecord) -> None: ...

    async def ids_of(self, tx: Any, application_id: UUID) -> frozenset[UUID]: ...

    async def list_of(self, tx: Any, application_id: UUID) -> list[EvidenceRecord]: ...

    async def get(
        self, tx: Any, application_id: UUID, evidence_id: UUID
    ) -> EvidenceRecord | None: ...


@dataclass(frozen=True)
class QueueEntry:
    application_id: UUID
    candidate_id: UUID
    status: str
    scheme_code: str | None
    scheme_version: int | None
    district_code: str | None
    submissions: int
    waiting_since: datetime | None


class ApplicationQueue(Protocol):
    async def waiting(self, limit: int, district_code: str | None = None) -> list[QueueEntry]:
        """Submitted applications, longest waiting first."""
        ...

    async def of_candidate(self, candidate_id: UUID) -> list[QueueEntry]: ...
