"""Which record of a subject counts, worked out from the set of records held and nothing else,
so every order of arrival, every re-send and every split of the batches ends in the same state.

The records of one subject (one criterion, one question, the attendance) of one candidate form
a history: each names the record it edits (`based_on`), and a record that settles a conflict
also names the rivals it set aside (`settles`). The current records are those no other record
edits or settles. One current record: it counts. Two or more: two devices edited the subject
concurrently; all of them are kept and shown as a conflict, none wins, until the assessor
writes a record based on one of them that settles the others.

A record whose base has not arrived yet waits (held, shown, not yet counted): otherwise a
device's second edit arriving before its first would look like a conflict for a while."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from assessment.capture.domain.capture_record import CaptureRecord, Kind


def _order(record: CaptureRecord) -> tuple[str, int, str]:
    return record.device_id, record.seq, str(record.record_id)


@dataclass(frozen=True)
class Subject:
    kind: Kind
    subject: str
    current: tuple[CaptureRecord, ...]  # one, or several in conflict (in a stable order)
    waiting: tuple[CaptureRecord, ...] = ()  # their base has not arrived yet

    @property
    def in_conflict(self) -> bool:
        return len(self.current) > 1

    @property
    def latest(self) -> CaptureRecord | None:
        """The record that counts; None while in conflict (or while every record waits)."""
        return self.current[0] if len(self.current) == 1 else None

    @property
    def current_ids(self) -> frozenset[UUID]:
        return frozenset(r.record_id for r in self.current)


def attached(records: list[CaptureRecord]) -> list[CaptureRecord]:
    """The records whose chain of bases reaches a first record through records held."""
    by_id = {r.record_id: r for r in records}
    known: dict[UUID, bool] = {}

    def reaches(record: CaptureRecord) -> bool:
        trail: list[UUID] = []
        at: CaptureRecord | None = record
        result = False
        while at is not None:
            if at.record_id in known:
                result = known[at.record_id]
                break
            if at.record_id in trail:  # a cycle never reaches a first record
                break
            trail.append(at.record_id)
            if at.based_on is None:
                result = True
                break
            at = by_id.get(at.based_on)
        known.update(dict.fromkeys(trail, result))
        return result

    return [r for r in records if reaches(r)]


def subject_of(kind: Kind, subject: str, records: list[CaptureRecord]) -> Subject:
    linked = attached(records)
    linked_ids = {r.record_id for r in linked}
    replaced = {r.based_on for r in linked} | {s for r in linked for s in r.settles}
    current = sorted((r for r in linked if r.record_id not in replaced), key=_order)
    waiting = sorted((r for r in records if r.record_id not in linked_ids), key=_order)
    return Subject(kind, subject, tuple(current), tuple(waiting))


def subjects(records: Iterable[CaptureRecord]) -> dict[tuple[Kind, str], Subject]:
    """Every subject of one candidate's records, by (kind, subject)."""
    grouped: dict[tuple[Kind, str], list[CaptureRecord]] = defaultdict(list)
    for record in records:
        grouped[record.key].append(record)
    return {key: subject_of(*key, group) for key, group in sorted(grouped.items())}
