"""What cohort import needs from the outside: the uploaded table read, the kept files, and
bulk lookups and reservations in the registry (NIK, e-mail, cooperative)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventkit.store import EventStore, NewEvent, RecordedEvent
from registration.cohorts.domain.cohort_checks import CooperativeRef


@dataclass(frozen=True)
class CohortTable:
    kind: str  # "csv" | "xlsx"
    rows: list[tuple[int, dict[str, str]]]  # spreadsheet row number, column name -> text


@dataclass(frozen=True)
class Holder:
    """The candidate holding a NIK: sealed personal data, and the cooperative of their import."""

    candidate_id: UUID
    personal: dict[str, Any] | None
    cooperative_name: str | None


@dataclass(frozen=True)
class Reservation:
    nik_hash: str
    email_hash: str
    candidate_id: UUID
    row: int
    cooperative_id: UUID


class BatchEventStore(EventStore, Protocol):
    async def append_many(
        self, batches: Sequence[tuple[str, int, Sequence[NewEvent]]], *, tx: Any = None
    ) -> list[RecordedEvent]:
        """Many streams in one transaction: a chunk of candidates and its import event."""
        ...


class RegistryRace(Exception):
    """A NIK or e-mail of the chunk was taken by a concurrent writer: redo the chunk."""


class CohortFiles(Protocol):
    async def find(self, operator_id: UUID, content_hash: str) -> UUID | None: ...

    async def save(
        self, tx: Any, import_id: UUID, operator_id: UUID, content_hash: str, sealed: Any
    ) -> UUID | None:
        """Keep a checked file; returns the import that already holds it instead, if any."""
        ...

    async def load(self, import_id: UUID) -> dict[str, Any] | None:
        """The sealed content of the import's file."""
        ...


class CommitLeases(Protocol):
    """Who is committing which import, until when. A commit renews its lease as it goes and
    drops it when it ends; a lease left to expire is a commit whose process died."""

    async def renew(self, import_id: UUID, by: UUID, until: datetime) -> None: ...

    async def release(self, import_id: UUID) -> None: ...

    async def expiry(self, import_id: UUID) -> datetime | None: ...

    async def held(self) -> list[tuple[UUID, UUID]]:
        """(import, committed by) of every lease still recorded, expired or not."""
        ...


class CohortRegistry(Protocol):
    async def cooperatives(self, refs: set[str]) -> dict[str, CooperativeRef]: ...

    async def holders(self, tx: Any, nik_hashes: list[str]) -> dict[str, Holder]: ...

    async def emails_taken(self, tx: Any, email_hashes: list[str]) -> set[str]: ...

    async def reserve(self, tx: Any, import_id: UUID, reservations: list[Reservation]) -> None:
        """NIK, e-mail and import row of each candidate; RegistryRace if one was taken."""
        ...

    async def imported(self, candidate_ids: list[UUID]) -> dict[UUID, UUID]:
        """Candidate -> cooperative, for candidates registered by an import."""
        ...


class SentInvitations(Protocol):
    async def sent(self, candidate_id: UUID) -> bool: ...

    async def record(self, candidate_id: UUID) -> None:
        """Committed at once, on its own: a restart then resends at most the one in flight."""
        ...
