"""What an LSP admin plans for a session, before it has an id and a start code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class SessionPlan:
    scheme_code: str
    scheme_version: int
    site_id: UUID
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    capacity: int
    assessor_ids: list[UUID]
