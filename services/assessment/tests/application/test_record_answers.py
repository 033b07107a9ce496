"""Recording a phone's batch on what the process already knows of the attempt, unread: right
when another process appended meanwhile (the append loses the race, the state is read again and
the batch decided on it), and a refusal or a batch that appends nothing is decided on the log,
never on memory alone. In memory: the event store and two repositories, as two processes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from assessment_bank import AT, drawn_attempt

from assessment.exams.application.record_answers import RecordAnswers
from assessment.exams.domain.answering import Outcome
from assessment.exams.domain.attempt import (
    AnswerRecord,
    ConsentCompleted,
    ExamDrawn,
    ExamOpened,
)
from assessment.shared.application.repositories import Attempts, attempts
from eventkit.store import InMemoryEventStore
from kompeten_contracts.errors import Refusal

NOW = AT + timedelta(minutes=10)


class NoPresences:
    async def heard(self, tx: Any, presence: Any) -> None:
        return None

    async def of_session(self, session_id: Any) -> dict[Any, Any]:
        return {}


class NoTransactions:
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        yield None


def record(drawn: ExamDrawn, index: int, seq: int, choice: int = 0) -> AnswerRecord:
    question = [q for q in drawn.questions if q.options][index]
    return AnswerRecord(answer_id=uuid4(), question_id=question.question_id, seq=seq,
                        elapsed_ms=1000 * seq, choice=choice)  # fmt: skip


@pytest.fixture
async def hall() -> tuple[ExamDrawn, Attempts, Attempts, RecordAnswers]:
    store = InMemoryEventStore()
    this_process, other_process = attempts(store, cached=100), attempts(store)
    drawn = drawn_attempt()
    opened = ExamOpened(attempt_id=drawn.attempt_id, started_at=AT,
                        deadline=AT + timedelta(minutes=60), grace_seconds=300)  # fmt: skip
    consent = ConsentCompleted(attempt_id=drawn.attempt_id, terms_version="t", completed_at=AT)
    await other_process.append(drawn.attempt_id, 0, [drawn, opened, consent])
    recorder = RecordAnswers(this_process, NoPresences(), NoTransactions(), lambda: NOW)
    return drawn, this_process, other_process, recorder


async def test_a_batch_on_a_state_another_process_changed_is_decided_again_on_the_log(
    hall: tuple[ExamDrawn, Attempts, Attempts, RecordAnswers],
) -> None:
    drawn, this_process, other_process, recorder = hall
    first = record(drawn, 0, 1)
    await recorder(drawn.attempt_id, drawn.candidate_id, [first], 1)
    known = this_process.known(drawn.attempt_id)
    assert known is not None and known.version == 4

    # Another replica takes the phone's next batch (seq 2) and this one never sees it.
    loaded = await other_process.load(drawn.attempt_id)
    second = record(drawn, 1, 2)
    recorded_elsewhere = await RecordAnswers(
        other_process, NoPresences(), NoTransactions(), lambda: NOW
    )(drawn.attempt_id, drawn.candidate_id, [second], 2)
    assert loaded.version == 4 and recorded_elsewhere.receipts[0].outcome is Outcome.APPLIED

    # The phone re-sends seq 2 here with seq 3: the known state lacks seq 2, its append loses.
    third = record(drawn, 2, 3)
    recorded = await recorder(drawn.attempt_id, drawn.candidate_id, [second, third], 3)
    assert [r.outcome for r in recorded.receipts] == [Outcome.DUPLICATE, Outcome.APPLIED]
    assert recorded.state.held_through() == 3
    assert (await other_process.load(drawn.attempt_id)).state == recorded.state


async def test_a_retry_that_appends_nothing_is_answered_from_the_log(
    hall: tuple[ExamDrawn, Attempts, Attempts, RecordAnswers],
) -> None:
    drawn, _, other_process, recorder = hall
    first = record(drawn, 0, 1)
    await recorder(drawn.attempt_id, drawn.candidate_id, [first], 1)
    await RecordAnswers(other_process, NoPresences(), NoTransactions(), lambda: NOW)(
        drawn.attempt_id, drawn.candidate_id, [record(drawn, 1, 2)], 2
    )
    # The first batch again, as it was: a duplicate on the known state too, so nothing to append and
    # nothing to check the version; the answer must say 1..2 are held (the log), not 1..1.
    recorded = await recorder(drawn.attempt_id, drawn.candidate_id, [first], 1)
    assert [r.outcome for r in recorded.receipts] == [Outcome.DUPLICATE]
    assert recorded.state.held_through() == 2


async def test_a_refusal_on_the_known_state_is_made_again_on_the_log() -> None:
    store = InMemoryEventStore()
    this_process, other_process = attempts(store, cached=100), attempts(store)
    drawn = drawn_attempt()
    await other_process.append(drawn.attempt_id, 0, [drawn])
    await this_process.load(drawn.attempt_id)  # this process knows it drawn, not started
    opened = ExamOpened(attempt_id=drawn.attempt_id, started_at=AT,
                        deadline=AT + timedelta(minutes=60), grace_seconds=300)  # fmt: skip
    consent = ConsentCompleted(attempt_id=drawn.attempt_id, terms_version="t", completed_at=AT)
    await other_process.append(drawn.attempt_id, 1, [opened, consent])  # started elsewhere
    recorder = RecordAnswers(this_process, NoPresences(), NoTransactions(), lambda: NOW)

    recorded = await recorder(drawn.attempt_id, drawn.candidate_id, [record(drawn, 0, 1)], 1)
    assert [r.outcome for r in recorded.receipts] == [Outcome.APPLIED]
    with pytest.raises(Refusal):
        await recorder(drawn.attempt_id, uuid4(), [record(drawn, 1, 2)], 2)  # not theirs
