"""The record of who read a person's personal data (the PDP law's accountability): every read
by staff is written with who, whose and when, and the person and their LSP can see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from kompeten_contracts.roles import Role


@dataclass(frozen=True)
class PersonalDataRead:
    subject_id: UUID  # whose: the candidate
    reader_id: UUID  # who: the staff account
    reader_role: Role
    what: str  # profile, application, evidence
    read_at: datetime


class AccessLog(Protocol):
    async def record(self, tx: Any, read: PersonalDataRead) -> None:
        """Written in the reading transaction: no personal data is shown without its record."""
        ...

    async def of_subject(self, subject_id: UUID, limit: int) -> list[PersonalDataRead]:
        """Newest first."""
        ...
