"""In-memory stand-ins for the application forms' ports (application tier only); the catalogue
ones are in tests/support/registration_catalogue.py."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from registration.applications.application.ports import EvidenceRecord


class InMemoryEvidence:
    def __init__(self) -> None:
        self.rows: dict[UUID, EvidenceRecord] = {}

    async def lock(self, tx: Any, application_id: UUID) -> None:
        return None  # application tests upload one at a time

    async def add(self, tx: Any, record: EvidenceRecord) -> None:
        # Kept as stored: the opened name and digest exist only in memory.
        self.rows[record.evidence_id] = replace(record, sha256="", file_name="")

    async def ids_of(self, tx: Any, application_id: UUID) -> frozenset[UUID]:
        return frozenset(
            r.evidence_id for r in self.rows.values() if r.application_id == application_id
        )

    async def list_of(self, tx: Any, application_id: UUID) -> list[EvidenceRecord]:
        return [replace(r) for r in self.rows.values() if r.application_id == application_id]

    async def get(self, tx: Any, application_id: UUID, evidence_id: UUID) -> EvidenceRecord | None:
        row = self.rows.get(evidence_id)
        return row if row is not None and row.application_id == application_id else None
