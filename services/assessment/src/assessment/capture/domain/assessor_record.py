"""What the assessor captured of one candidate in one session: every record the tablets sent,
each held once. One stream per (session, candidate). The state is the set of records held;
which of them count, and which are in conflict, follows from that set (versions.py), so it is
the same whatever order the records arrived in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from assessment.capture.domain.capture_record import CaptureRecord, Kind
from assessment.capture.domain.versions import Subject, subjects

CaptureKey = tuple[UUID, UUID]  # (session_id, candidate_id)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CaptureRecorded(_Frozen):
    """Records held for the first time, as the tablet wrote them."""

    session_id: UUID
    candidate_id: UUID
    received_at: datetime
    records: list[CaptureRecord]


class CaptureConflictDetected(_Frozen):
    """A subject now has two or more current records written concurrently: all are kept."""

    session_id: UUID
    candidate_id: UUID
    kind: Kind
    subject: str
    record_ids: list[UUID]
    detected_at: datetime


class CaptureConflictResolved(_Frozen):
    """A record based on one of the conflicting records settled the others."""

    session_id: UUID
    candidate_id: UUID
    kind: Kind
    subject: str
    record_id: UUID
    resolved_at: datetime


CaptureEvent = CaptureRecorded | CaptureConflictDetected | CaptureConflictResolved
EVENTS: tuple[type[CaptureEvent], ...] = (
    CaptureRecorded,
    CaptureConflictDetected,
    CaptureConflictResolved,
)


@dataclass(frozen=True)
class Captured:
    records: dict[UUID, CaptureRecord] = field(default_factory=dict)  # in the order received

    def subjects(self) -> dict[tuple[Kind, str], Subject]:
        return subjects(self.records.values())

    def conflicts(self) -> list[Subject]:
        return [s for s in self.subjects().values() if s.in_conflict]


def stream_id(key: CaptureKey) -> str:
    session_id, candidate_id = key
    return f"capture-{session_id}-{candidate_id}"


def evolve(state: Captured, event: CaptureEvent) -> Captured:
    if isinstance(event, CaptureRecorded):
        records = dict(state.records)
        for record in event.records:
            records.setdefault(record.record_id, record)
        return replace(state, records=records)
    return state  # conflicts follow from the records; these events tell of them
