"""Recording a batch of answer records from a phone: each record applied exactly once, the
latest answer per question by the phone's sequence, nothing discarded in silence.

The server's clock decides, never the phone's: a record that arrives by the deadline plus the
grace window was written in time; one that arrives later counts only if the phone's elapsed
time since unlocking (a monotonic counter a wrong wall clock cannot move) is within the exam's
duration. Anything else is refused and kept on record as refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from assessment.exams.domain.attempt import (
    AnswerRecord,
    AnswersRecorded,
    Attempt,
    QuestionKind,
    RefusedAnswer,
    evolve,
)
from kompeten_contracts.errors import Problem, Refusal, conflict, not_found

MAX_ESSAY_CHARS = 10_000
LATE = "ditulis setelah batas waktu / written after the deadline"


class Outcome(StrEnum):
    APPLIED = "applied"
    SUPERSEDED = "superseded"  # kept on record; a later answer to the question counts
    DUPLICATE = "duplicate"  # this record was already held: nothing applied twice
    REFUSED = "refused"  # written after the deadline: kept on record, never counted


@dataclass(frozen=True)
class Receipt:
    answer_id: UUID
    seq: int
    outcome: Outcome


def decide_record(
    state: Attempt,
    records: list[AnswerRecord],
    received_at: datetime,
    written_through: int = 0,
    finished: bool = False,
) -> tuple[list[AnswersRecorded], list[Receipt]]:
    if state.drawn is None:
        raise not_found("attempt_id", "ujian tidak ditemukan", "no such exam attempt")
    if state.voided:
        raise conflict(
            "attempt_id",
            "sesi dibatalkan; jawaban tidak diterima",
            "the session was cancelled; answers are not accepted",
        )
    closes_at = state.closes_at()
    if state.opened is None or closes_at is None:
        raise conflict(
            "attempt_id",
            "ujian belum dimulai oleh asesor; jawaban tetap tersimpan di ponsel",
            "the assessor has not started the exam yet; answers stay on the phone",
        )
    if not state.consented:
        raise conflict(
            "consent",
            "persetujuan asesmen (FR.AK.01) belum ditandatangani asesi dan asesor; "
            "jawaban tetap tersimpan di ponsel",
            "the assessment consent (FR.AK.01) is not yet signed by candidate and assessor; "
            "answers stay on the phone",
        )
    _check_records(state, records)
    duration_ms = int(state.duration.total_seconds() * 1000)
    applied: list[AnswerRecord] = []
    superseded: list[AnswerRecord] = []
    refused: list[RefusedAnswer] = []
    seen = set(state.seen)
    latest_seq = {q: r.seq for q, r in state.latest.items()}
    for record in sorted(records, key=lambda r: r.seq):
        if record.answer_id in seen:
            continue
        if received_at > closes_at and record.elapsed_ms > duration_ms:
            refused.append(RefusedAnswer(record=record, reason=LATE))
        elif record.seq > latest_seq.get(record.question_id, 0):
            # A record of this batch for the same question, now older: kept, as superseded.
            superseded += [a for a in applied if a.question_id == record.question_id]
            applied = [a for a in applied if a.question_id != record.question_id]
            applied.append(record)
            latest_seq[record.question_id] = record.seq
        else:
            superseded.append(record)
        seen.add(record.answer_id)
    outcomes = {r.answer_id: Outcome.APPLIED for r in applied}
    outcomes.update({r.record.answer_id: Outcome.REFUSED for r in refused})
    receipts: list[Receipt] = []
    reported = set(state.seen)
    for r in records:
        fresh = r.answer_id not in reported
        outcome = outcomes.get(r.answer_id, Outcome.SUPERSEDED) if fresh else Outcome.DUPLICATE
        receipts.append(Receipt(r.answer_id, r.seq, outcome))
        reported.add(r.answer_id)
    said_more = written_through > state.written_through or (finished and not state.finished)
    if not (applied or superseded or refused or said_more):
        return [], receipts
    event = AnswersRecorded(
        attempt_id=state.drawn.attempt_id,
        received_at=received_at,
        applied=applied,
        superseded=superseded,
        refused=refused,
        written_through=max(written_through, state.written_through),
        finished=finished or state.finished,
    )
    after = evolve(state, event)
    return [event.model_copy(update={"complete": after.complete})], receipts


def _check_records(state: Attempt, records: list[AnswerRecord]) -> None:
    questions = state.questions
    problems: list[Problem] = []
    for i, record in enumerate(records):
        question = questions.get(record.question_id)
        where = f"answers[{i}]"
        if question is None:
            problems.append(
                Problem(f"{where}.question_id", "soal tidak ada di ujian ini", "not in this exam")
            )
        elif question.kind is QuestionKind.MULTIPLE_CHOICE:
            if record.choice is None or not 0 <= record.choice < len(question.options):
                problems.append(Problem(f"{where}.choice", "pilihan tidak ada", "no such option"))
        elif record.text is None or len(record.text) > MAX_ESSAY_CHARS:
            problems.append(
                Problem(
                    f"{where}.text",
                    f"jawaban esai wajib, paling banyak {MAX_ESSAY_CHARS} karakter",
                    f"an essay answer is required, at most {MAX_ESSAY_CHARS} characters",
                )
            )
        if record.seq < 1 or record.elapsed_ms < 0:
            problems.append(Problem(f"{where}.seq", "urutan mulai dari 1", "sequence starts at 1"))
    if problems:
        raise Refusal(problems)
