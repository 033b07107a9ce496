"""A question bank for tests: a fixed set of multiple-choice questions per unit and one essay,
drawn per seed with shuffled options, as the banks feature's draw does."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from assessment.exams.application.ports import Drawer, DrawnExam
from assessment.exams.domain.attempt import (
    Attempt,
    ConsentCompleted,
    DrawnQuestion,
    ExamDrawn,
    ExamOpened,
    QuestionKind,
    evolve,
)

UNITS = ("M.649000.011.01", "M.649000.012.01")
PER_UNIT = 20


def multiple_choice(unit: str, n: int, rng: random.Random) -> DrawnQuestion:
    options = [f"{unit} soal {n} pilihan {k}" for k in range(4)]
    right = options[0]
    rng.shuffle(options)
    return DrawnQuestion(
        question_id=f"{unit}-{n}",
        unit_code=unit,
        kind=QuestionKind.MULTIPLE_CHOICE,
        stem=f"Soal {n} unit {unit}",
        options=options,
        correct=options.index(right),
    )


def draw(seed: str) -> list[DrawnQuestion]:
    rng = random.Random(seed)
    questions = [multiple_choice(u, n, rng) for u in UNITS for n in range(PER_UNIT)]
    rng.shuffle(questions)
    essay = DrawnQuestion(
        question_id="essay-1", unit_code=UNITS[0], kind=QuestionKind.ESSAY, stem="Jelaskan..."
    )
    return [*questions, essay]


class FixedBank:
    async def drawer(self, lsp_id: UUID | None, scheme_code: str, scheme_version: int) -> Drawer:
        return lambda seed: DrawnExam(bank_version=1, questions=draw(seed))


AT = datetime(2026, 12, 1, 8, tzinfo=UTC)


def drawn_attempt(minutes: int = 60, seed: str = "s") -> ExamDrawn:
    return ExamDrawn(
        attempt_id=uuid4(),
        session_id=uuid4(),
        candidate_id=uuid4(),
        lsp_id=None,
        scheme_code="KOP-KASIR",
        scheme_version=1,
        attempt_no=1,
        bank_version=1,
        seed=seed,
        questions=draw(seed),
        duration_minutes=minutes,
        drawn_at=AT,
    )


def opened_attempt(minutes: int = 60, grace_seconds: int = 300, consented: bool = True) -> Attempt:
    """An attempt whose exam has started; by default with FR.AK.01 signed by both."""
    drawn = drawn_attempt(minutes)
    opened = ExamOpened(
        attempt_id=drawn.attempt_id,
        started_at=AT,
        deadline=AT + timedelta(minutes=minutes),
        grace_seconds=grace_seconds,
    )
    state = evolve(evolve(Attempt(), drawn), opened)
    if consented:
        consent = ConsentCompleted(attempt_id=drawn.attempt_id, terms_version="t", completed_at=AT)
        state = evolve(state, consent)
    return state
