"""Scoring at the deadline from the answers held, and again when a late batch changes them."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from assessment_bank import AT, PER_UNIT, UNITS, opened_attempt

from assessment.exams.domain.answering import decide_record
from assessment.exams.domain.attempt import AnswerRecord, evolve
from assessment.exams.domain.scoring import decide_score, due


def test_nothing_is_scored_before_the_deadline_and_its_grace() -> None:
    state = opened_attempt(minutes=60, grace_seconds=300)
    assert decide_score(state, AT + timedelta(minutes=64)) == []
    assert due(state, AT + timedelta(minutes=65))


def test_multiple_choice_is_scored_per_unit_by_the_drawn_key_and_rescored_after_a_late_batch() -> (
    None
):
    state = opened_attempt(minutes=60)
    questions = [q for q in state.drawn.questions if q.options]  # type: ignore[union-attr]
    right = [
        AnswerRecord(
            answer_id=uuid4(), question_id=q.question_id, seq=i + 1, elapsed_ms=1, choice=q.correct
        )
        for i, q in enumerate(questions[:10])
    ]
    events, _ = decide_record(state, right, AT + timedelta(minutes=5))
    state = evolve(state, events[0])
    closed = AT + timedelta(minutes=66)
    [scored] = decide_score(state, closed)
    assert scored.revision == 1 and scored.answered == 10
    assert sum(scored.correct_by_unit.values()) == 10
    assert scored.questions_by_unit == dict.fromkeys(UNITS, PER_UNIT)
    state = evolve(state, scored)
    assert decide_score(state, closed) == []  # nothing changed: nothing to score again

    q = questions[10]
    late = AnswerRecord(
        answer_id=uuid4(), question_id=q.question_id, seq=11, elapsed_ms=3_000_000, choice=q.correct
    )
    events, _ = decide_record(state, [late], AT + timedelta(minutes=90))
    state = evolve(state, events[0])
    [again] = decide_score(state, AT + timedelta(minutes=90))
    assert again.revision == 2 and sum(again.correct_by_unit.values()) == 11
