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


def test_a_finished_phone_with_everything_held_is_scored_at_once_not_at_the_deadline() -> None:
    state = opened_attempt(minutes=60)
    q = next(q for q in state.drawn.questions if q.options)  # type: ignore[union-attr]
    first = AnswerRecord(answer_id=uuid4(), question_id=q.question_id, seq=1, elapsed_ms=1,
                         choice=q.correct)  # fmt: skip
    third = first.model_copy(update={"answer_id": uuid4(), "seq": 3})
    early = AT + timedelta(minutes=20)
    # The phone finished having written 3 records; record 2 is still on its way.
    events, _ = decide_record(state, [first, third], early, written_through=3, finished=True)
    state = evolve(state, events[0])
    assert not events[0].complete and not due(state, early)
    second = first.model_copy(update={"answer_id": uuid4(), "seq": 2})
    events, _ = decide_record(state, [second], early, written_through=3)
    state = evolve(state, events[0])
    assert events[0].complete and state.complete
    [scored] = decide_score(state, early)
    assert scored.revision == 1 and scored.answered == 1


def test_the_phones_word_alone_is_recorded_once() -> None:
    state = opened_attempt()
    events, receipts = decide_record(state, [], AT, written_through=0, finished=True)
    assert receipts == [] and events[0].finished and events[0].complete
    state = evolve(state, events[0])
    assert decide_record(state, [], AT, written_through=0, finished=True) == ([], [])
