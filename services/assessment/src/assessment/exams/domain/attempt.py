"""A candidate's exam attempt in one session: the exam drawn for them, the server's clock for
it, every answer record it received, and its scores. One stream per attempt."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class QuestionKind(StrEnum):
    MULTIPLE_CHOICE = "multiple_choice"
    ESSAY = "essay"


class DrawnQuestion(_Frozen):
    question_id: str
    unit_code: str
    kind: QuestionKind
    stem: str
    options: list[str] = []  # in this candidate's shuffled order
    correct: int | None = None  # index into options; never leaves the server


class AnswerRecord(_Frozen):
    answer_id: UUID  # the phone's id for this record: a re-sent record is the same record
    question_id: str
    seq: int  # the phone's sequence within the attempt: the higher one is the later answer
    elapsed_ms: int  # since the phone unlocked the exam (a monotonic counter, not a clock)
    choice: int | None = None
    text: str | None = None


class RefusedAnswer(_Frozen):
    record: AnswerRecord
    reason: str


class ExamDrawn(_Frozen):
    attempt_id: UUID
    session_id: UUID
    candidate_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    attempt_no: int
    bank_version: int
    seed: str
    questions: list[DrawnQuestion]
    duration_minutes: int
    drawn_at: datetime


class ExamOpened(_Frozen):
    attempt_id: UUID
    started_at: datetime
    deadline: datetime
    grace_seconds: int


class AnswersRecorded(_Frozen):
    attempt_id: UUID
    received_at: datetime
    applied: list[AnswerRecord] = []
    superseded: list[AnswerRecord] = []  # an older answer to a question that arrived later
    refused: list[RefusedAnswer] = []  # written after the deadline: kept, never counted
    # The phone's word with this batch: the highest sequence it has written, and whether the
    # candidate has finished (or the phone's own timer ended the exam).
    written_through: int = 0
    finished: bool = False
    complete: bool = False  # after this batch: finished, and every record written is held


class AttemptScored(_Frozen):
    attempt_id: UUID
    revision: int  # 1 at the deadline; one more for each late batch that changed the answers
    scored_at: datetime
    answered: int
    correct_by_unit: dict[str, int]
    questions_by_unit: dict[str, int]
    essays_to_mark: int


class ConsentCompleted(_Frozen):
    """FR.AK.01 signed by the candidate and the assessor (planning's preparation): from now on
    the attempt takes answers."""

    attempt_id: UUID
    terms_version: str
    completed_at: datetime


class AttemptVoided(_Frozen):
    """The session was cancelled before its exam: this attempt takes no answers, ever."""

    attempt_id: UUID
    reason: str
    voided_at: datetime


AttemptEvent = (
    ExamDrawn | ExamOpened | AnswersRecorded | AttemptScored | ConsentCompleted | AttemptVoided
)
EVENTS: tuple[type[AttemptEvent], ...] = (
    ExamDrawn, ExamOpened, AnswersRecorded, AttemptScored, ConsentCompleted, AttemptVoided,
)  # fmt: skip


@dataclass(frozen=True)
class Attempt:
    drawn: ExamDrawn | None = None
    opened: ExamOpened | None = None
    seen: frozenset[UUID] = frozenset()
    latest: dict[str, AnswerRecord] = field(default_factory=dict)
    seqs: frozenset[int] = frozenset()
    refused: tuple[AnswerRecord, ...] = ()  # written after the deadline: shown, never counted
    written_through: int = 0
    finished: bool = False
    revision: int = 0
    score: AttemptScored | None = None  # the latest
    changed_since_scored: bool = False
    consented: bool = False  # FR.AK.01 signed by both: answers are accepted
    voided: bool = False  # its session was cancelled

    @property
    def questions(self) -> dict[str, DrawnQuestion]:
        return {q.question_id: q for q in self.drawn.questions} if self.drawn else {}

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.drawn.duration_minutes if self.drawn else 0)

    def closes_at(self) -> datetime | None:
        """When answers stop arriving in time: the deadline plus the grace window."""
        if self.opened is None:
            return None
        return self.opened.deadline + timedelta(seconds=self.opened.grace_seconds)

    @property
    def complete(self) -> bool:
        """The phone says the candidate finished, and everything it wrote has arrived."""
        return self.finished and self.held_through() >= self.written_through

    def held_through(self) -> int:
        """The highest sequence n such that every record 1..n is held: the phone's 'sent'."""
        n = 0
        while n + 1 in self.seqs:
            n += 1
        return n


def stream_id(attempt_id: UUID) -> str:
    return f"attempt-{attempt_id}"


def evolve(state: Attempt, event: AttemptEvent) -> Attempt:
    if isinstance(event, ExamDrawn):
        return Attempt(drawn=event)
    if isinstance(event, ExamOpened):
        return replace(state, opened=event)
    if isinstance(event, AnswersRecorded):
        records = [*event.applied, *event.superseded, *(r.record for r in event.refused)]
        latest = dict(state.latest)
        for record in event.applied:
            latest[record.question_id] = record
        return replace(
            state,
            seen=state.seen | {r.answer_id for r in records},
            seqs=state.seqs | {r.seq for r in records},
            latest=latest,
            refused=state.refused + tuple(r.record for r in event.refused),
            written_through=max(state.written_through, event.written_through),
            finished=state.finished or event.finished,
            changed_since_scored=state.changed_since_scored or bool(event.applied),
        )
    if isinstance(event, ConsentCompleted):
        return replace(state, consented=True)
    if isinstance(event, AttemptVoided):
        return replace(state, voided=True)
    return replace(state, revision=event.revision, score=event, changed_since_scored=False)
