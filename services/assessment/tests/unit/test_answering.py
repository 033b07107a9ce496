"""Recording answer records: each exactly once, the latest per question by the phone's
sequence, nothing dropped in silence, the server's clock and not the phone's."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from assessment_bank import AT, drawn_attempt, opened_attempt

from assessment.exams.domain.answering import Outcome, decide_record
from assessment.exams.domain.attempt import AnswerRecord, Attempt, evolve
from kompeten_contracts.errors import Refusal

IN_TIME = AT + timedelta(minutes=10)


def mc(
    state: Attempt, index: int, seq: int, choice: int = 0, elapsed_ms: int = 1000
) -> AnswerRecord:
    question = [q for q in state.drawn.questions if q.options][index]  # type: ignore[union-attr]
    return AnswerRecord(
        answer_id=uuid4(),
        question_id=question.question_id,
        seq=seq,
        elapsed_ms=elapsed_ms,
        choice=choice,
    )


def apply(state: Attempt, records: list[AnswerRecord], at=IN_TIME):  # type: ignore[no-untyped-def]
    events, receipts = decide_record(state, records, at)
    for event in events:
        state = evolve(state, event)
    return state, events, [r.outcome for r in receipts]


def test_a_resent_batch_applies_nothing_twice() -> None:
    state = opened_attempt()
    batch = [mc(state, 0, 1), mc(state, 1, 2)]
    state, _, outcomes = apply(state, batch)
    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED]
    again, more, outcomes = apply(state, list(reversed(batch)))
    assert more == [] and outcomes == [Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert again == state
    assert state.held_through() == 2


def test_the_later_sequence_counts_and_an_older_one_arriving_late_is_kept_as_superseded() -> None:
    state = opened_attempt()
    newer, older = mc(state, 0, 5, choice=2), mc(state, 0, 3, choice=1)
    state, _, outcomes = apply(state, [newer])
    state, events, outcomes = apply(state, [older])
    assert outcomes == [Outcome.SUPERSEDED]
    assert events[0].superseded == [older]  # on record, not dropped
    assert state.latest[newer.question_id] == newer


def test_within_one_batch_the_higher_sequence_wins_whatever_the_order() -> None:
    state = opened_attempt()
    first, second = mc(state, 0, 1, choice=1), mc(state, 0, 2, choice=3)
    state, events, outcomes = apply(state, [second, first])
    assert outcomes == [Outcome.APPLIED, Outcome.SUPERSEDED]
    assert events[0].applied == [second] and events[0].superseded == [first]
    assert state.latest[first.question_id].choice == 3


def test_a_batch_arriving_after_the_deadline_counts_what_was_written_in_time_only() -> None:
    state = opened_attempt(minutes=60)
    late_arrival = AT + timedelta(minutes=95)  # uplink restored 30 minutes after the deadline
    in_time = mc(state, 0, 1, elapsed_ms=59 * 60_000)
    after = mc(state, 1, 2, elapsed_ms=61 * 60_000)
    state, events, outcomes = apply(state, [in_time, after], at=late_arrival)
    assert outcomes == [Outcome.APPLIED, Outcome.REFUSED]
    assert [r.record for r in events[0].refused] == [after]
    assert state.refused == (after,) and after.question_id not in state.latest


def test_a_wrong_phone_clock_changes_nothing_the_server_clock_decides() -> None:
    state = opened_attempt(minutes=60)
    # Arriving in time, any elapsed time is accepted: the phone cannot be ahead of the server.
    record = mc(state, 0, 1, elapsed_ms=10 * 3600_000)
    state, _, outcomes = apply(state, [record], at=AT + timedelta(minutes=30))
    assert outcomes == [Outcome.APPLIED]


def test_answers_before_the_assessor_starts_are_refused_and_stay_on_the_phone() -> None:
    drawn = drawn_attempt()
    state = evolve(Attempt(), drawn)
    record = mc(state, 0, 1)
    with pytest.raises(Refusal) as refused:
        decide_record(state, [record], IN_TIME)
    assert refused.value.problems[0].field == "attempt_id"


def test_bad_records_name_the_field_and_record_nothing() -> None:
    state = opened_attempt()
    good = mc(state, 0, 1)
    wrong_question = good.model_copy(update={"question_id": "nope", "answer_id": uuid4()})
    wrong_choice = mc(state, 1, 2, choice=7)
    with pytest.raises(Refusal) as refused:
        decide_record(state, [good, wrong_question, wrong_choice], IN_TIME)
    fields = [p.field for p in refused.value.problems]
    assert fields == ["answers[1].question_id", "answers[2].choice"]


def test_held_through_is_the_highest_contiguous_sequence() -> None:
    state = opened_attempt()
    state, _, _ = apply(state, [mc(state, 0, 1), mc(state, 1, 2), mc(state, 2, 4)])
    assert state.held_through() == 2
    state, _, _ = apply(state, [mc(state, 3, 3)])
    assert state.held_through() == 4
