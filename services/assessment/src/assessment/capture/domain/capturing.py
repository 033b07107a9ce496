"""Applying the tablet's records of one candidate: each exactly once, whatever the order and
however often a batch is re-sent or split differently; a concurrent edit from another device
is kept and reported as a conflict, never silently overwritten.

A record id already held is a duplicate (nothing applied twice); the same id with other
content is refused, since honouring either copy would make the state depend on the order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from assessment.capture.domain.assessor_record import (
    CaptureConflictDetected,
    CaptureConflictResolved,
    Captured,
    CaptureEvent,
    CaptureRecorded,
)
from assessment.capture.domain.capture_record import CaptureRecord, check_record
from kompeten_contracts.errors import Problem, Refusal

Numbered = tuple[int, CaptureRecord]  # the record's index in the batch the tablet sent


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # already held: nothing applied twice
    CONFLICT = "conflict"  # held, and one of two or more concurrent current records
    WAITING = "waiting"  # held; counts once the record it edits arrives


@dataclass(frozen=True)
class Receipt:
    record_id: UUID
    candidate_id: UUID
    outcome: Outcome


def check_batch(
    state: Captured, records: Sequence[Numbered], essay_ids: frozenset[str]
) -> list[Problem]:
    problems: list[Problem] = []
    batch: dict[UUID, CaptureRecord] = {}
    known = {r.record_id: r for _, r in reversed(records)} | state.records  # first copy wins
    for i, record in records:
        where = f"records[{i}]"
        problems += check_record(record, where, essay_ids)
        held = state.records.get(record.record_id)
        if held is None:
            held = batch.setdefault(record.record_id, record)
        if held != record:
            problems.append(
                Problem(f"{where}.record_id", "id catatan dipakai untuk isi lain",
                        "the record id was already used for other content")
            )  # fmt: skip
        for name, ref in (("based_on", record.based_on), *(("settles", s) for s in record.settles)):
            other = known.get(ref) if ref else None
            if other is not None and other.key != record.key:
                problems.append(
                    Problem(f"{where}.{name}", "catatan itu tentang hal lain",
                            "that record is about another subject")
                )  # fmt: skip
    return problems


def decide_capture(
    state: Captured,
    key: tuple[UUID, UUID],
    records: Sequence[Numbered],
    received_at: datetime,
    essay_ids: frozenset[str] = frozenset(),
) -> tuple[list[CaptureEvent], list[Receipt]]:
    """`key`: (session_id, candidate_id); `records`: the batch's records of that candidate."""
    problems = check_batch(state, records, essay_ids)
    if problems:
        raise Refusal(problems)
    session_id, candidate_id = key
    fresh = list({r.record_id: r for _, r in records if r.record_id not in state.records}.values())
    if not fresh:
        return [], [Receipt(r.record_id, candidate_id, Outcome.DUPLICATE) for _, r in records]
    before = state.subjects()
    after_state = Captured({**state.records, **{r.record_id: r for r in fresh}})
    after = after_state.subjects()
    events: list[CaptureEvent] = [CaptureRecorded(
        session_id=session_id, candidate_id=candidate_id, received_at=received_at, records=fresh
    )]  # fmt: skip
    for k in sorted({r.key for r in fresh}):
        was, now = before.get(k), after[k]
        if now.in_conflict and (was is None or was.current_ids != now.current_ids):
            events.append(CaptureConflictDetected(
                session_id=session_id, candidate_id=candidate_id, kind=k[0], subject=k[1],
                record_ids=[r.record_id for r in now.current], detected_at=received_at,
            ))  # fmt: skip
        elif was is not None and was.in_conflict and now.latest is not None:
            events.append(CaptureConflictResolved(
                session_id=session_id, candidate_id=candidate_id, kind=k[0], subject=k[1],
                record_id=now.latest.record_id, resolved_at=received_at,
            ))  # fmt: skip
    receipts, seen = [], set(state.records)
    for _, record in records:
        subject = after[record.key]
        if record.record_id in seen:
            outcome = Outcome.DUPLICATE
        elif subject.in_conflict and record.record_id in subject.current_ids:
            outcome = Outcome.CONFLICT
        elif any(w.record_id == record.record_id for w in subject.waiting):
            outcome = Outcome.WAITING
        else:
            outcome = Outcome.APPLIED
        seen.add(record.record_id)
        receipts.append(Receipt(record.record_id, candidate_id, outcome))
    return events, receipts
