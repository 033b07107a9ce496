"""What the captured records of one candidate say, as judgement and the assessor's roster read
them: the record that counts per subject, by kind, and what is still open (subjects in
conflict, records waiting for the record they edit). A subject in conflict has no value here:
judgement must not decide on it until the assessor settles it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from assessment.capture.domain.capture_record import CaptureRecord, Kind, Observed, Presence
from assessment.capture.domain.versions import Subject, subjects


@dataclass(frozen=True)
class Findings:
    candidate_id: UUID
    current: dict[Kind, dict[str, CaptureRecord]]  # kind -> subject -> the record that counts
    conflicts: tuple[Subject, ...]  # subjects with two or more concurrent current records
    waiting: int  # records held whose base has not arrived
    records: int  # every record held

    def of(self, kind: Kind) -> dict[str, CaptureRecord]:
        return self.current.get(kind, {})

    @property
    def attendance(self) -> CaptureRecord | None:
        return self.of(Kind.ATTENDANCE).get("")

    @property
    def presence(self) -> Presence | None:
        return self.attendance.presence if self.attendance else None

    @property
    def identity_checked(self) -> bool:
        return bool(self.attendance and self.attendance.identity_checked)

    def observations(self) -> dict[str, Observed]:
        """IA.01: performance criterion code -> competent / not yet / not observed."""
        return {code: r.outcome for code, r in self.of(Kind.OBSERVATION).items() if r.outcome}

    def essay_marks(self) -> dict[str, int]:
        """IA.06: essay question id (of the candidate's attempt) -> points 0-100."""
        return _points(self.of(Kind.ESSAY_MARK))

    def oral_marks(self) -> dict[str, int]:
        """IA.07: oral question id -> points 0-100."""
        return _points(self.of(Kind.ORAL_MARK))

    def interview_notes(self) -> dict[str, str]:
        """IA.09: question id -> the assessor's notes."""
        return {q: r.text for q, r in self.of(Kind.INTERVIEW).items() if r.text}

    @property
    def criteria_observed(self) -> int:
        return sum(o is not Observed.NOT_OBSERVED for o in self.observations().values())

    @property
    def settled(self) -> bool:
        """Nothing in conflict and nothing waiting: every record held counts or was replaced."""
        return not self.conflicts and not self.waiting


def _points(records: dict[str, CaptureRecord]) -> dict[str, int]:
    return {q: r.points for q, r in records.items() if r.points is not None}


def findings_of(candidate_id: UUID, records: Iterable[CaptureRecord]) -> Findings:
    held = list(records)
    current: dict[Kind, dict[str, CaptureRecord]] = {}
    conflicts: list[Subject] = []
    waiting = 0
    for (kind, subject), state in subjects(held).items():
        waiting += len(state.waiting)
        if state.in_conflict:
            conflicts.append(state)
        elif state.latest is not None:
            current.setdefault(kind, {})[subject] = state.latest
    return Findings(candidate_id, current, tuple(conflicts), waiting, len(held))


def held_through(records: Iterable[CaptureRecord]) -> dict[str, int]:
    """Per device, the highest n such that its records 1..n are all held: the tablet's 'sent'."""
    seqs: dict[str, set[int]] = {}
    for record in records:
        seqs.setdefault(record.device_id, set()).add(record.seq)
    through = {}
    for device, held in sorted(seqs.items()):
        n = 0
        while n + 1 in held:
            n += 1
        through[device] = n
    return through
