"""The assessor's offline records of one candidate: each applied exactly once, the same state
whatever the order, the re-sends and the split of the batches; a concurrent edit from two
devices kept and reported as a conflict until the assessor settles it; bad records refused,
naming the field, with nothing applied."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from assessment.capture.domain.assessor_record import (
    CaptureConflictDetected,
    CaptureConflictResolved,
    Captured,
    CaptureRecorded,
    evolve,
)
from assessment.capture.domain.capture_record import CaptureRecord, Kind, Observed, PhotoRef
from assessment.capture.domain.capturing import Outcome, decide_capture
from assessment.capture.domain.findings import findings_of
from kompeten_contracts.errors import Refusal

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)
SESSION, CANDIDATE, ASSESSOR = uuid4(), uuid4(), uuid4()
ESSAYS = frozenset({"essay-1"})
HASH, MB = "a" * 64, 1024 * 1024


def record(seq: int, kind: Kind = Kind.OBSERVATION, subject: str = "1.1", device: str = "tab-A",
           based_on: UUID | None = None, **payload: Any) -> CaptureRecord:  # fmt: skip
    defaults: dict[str, Any] = {
        Kind.OBSERVATION: {"outcome": Observed.COMPETENT},
        Kind.ATTENDANCE: {"presence": "present", "identity_checked": True},
        Kind.ESSAY_MARK: {"points": 70},
        Kind.NOTE: {"text": "Peserta tenang"},
    }.get(kind, {})
    return CaptureRecord(
        record_id=uuid4(), device_id=device, assessor_id=ASSESSOR, seq=seq,
        candidate_id=CANDIDATE, kind=kind, subject=subject, based_on=based_on,
        **{**defaults, **payload},
    )  # fmt: skip


def apply(state: Captured, records: list[CaptureRecord]):  # type: ignore[no-untyped-def]
    events, receipts = decide_capture(
        state, (SESSION, CANDIDATE), list(enumerate(records)), AT, ESSAYS
    )
    for event in events:
        state = evolve(state, event)
    return state, events, [r.outcome for r in receipts]


def a_days_work() -> list[CaptureRecord]:
    present = record(1, Kind.ATTENDANCE, "")
    first = record(2)
    edited = record(3, outcome=Observed.NOT_YET, text="belum tepat", based_on=first.record_id)
    again = record(4, outcome=Observed.COMPETENT, based_on=edited.record_id)
    essay = record(5, Kind.ESSAY_MARK, "essay-1")
    note = record(6, Kind.NOTE, "n-1")
    return [present, first, edited, again, essay, note, record(7, subject="1.2")]


def test_a_resent_batch_applies_nothing_twice() -> None:
    batch = a_days_work()
    state, events, outcomes = apply(Captured(), batch)
    assert outcomes == [Outcome.APPLIED] * len(batch)
    assert [type(e) for e in events] == [CaptureRecorded]
    again, more, outcomes = apply(state, batch[::-1])
    assert more == [] and again == state
    assert outcomes == [Outcome.DUPLICATE] * len(batch)


def test_any_order_and_any_split_ends_in_the_same_state() -> None:
    batch = a_days_work()
    whole, _, _ = apply(Captured(), batch)
    rng = random.Random(7)
    for _ in range(30):
        shuffled = rng.sample(batch, len(batch)) * 3  # re-sent three times
        cuts = sorted(rng.sample(range(1, len(shuffled)), 4))
        state = Captured()
        for lo, hi in itertools.pairwise([0, *cuts, len(shuffled)]):
            state, events, _ = apply(state, shuffled[lo:hi])
            assert not any(isinstance(e, CaptureConflictDetected) for e in events)
        assert state.subjects() == whole.subjects()
        assert set(state.records) == set(whole.records)
    found = findings_of(CANDIDATE, whole.records.values())
    assert found.observations() == {"1.1": Observed.COMPETENT, "1.2": Observed.COMPETENT}
    assert found.essay_marks() == {"essay-1": 70} and found.identity_checked
    assert found.settled and found.records == len(batch)


def test_an_edit_arriving_before_the_record_it_edits_waits_and_is_no_conflict() -> None:
    first = record(1)
    second = record(2, outcome=Observed.NOT_YET, based_on=first.record_id)
    state, events, outcomes = apply(Captured(), [second])
    assert outcomes == [Outcome.WAITING] and findings_of(CANDIDATE, state.records.values()).waiting
    state, events, outcomes = apply(state, [first])
    assert outcomes == [Outcome.APPLIED] and len(events) == 1
    assert findings_of(CANDIDATE, state.records.values()).observations() == {
        "1.1": Observed.NOT_YET
    }


def test_two_devices_editing_one_criterion_are_kept_as_a_conflict_until_settled() -> None:
    first = record(1)
    state, _, _ = apply(Captured(), [first])
    mine = record(2, outcome=Observed.NOT_YET, based_on=first.record_id)
    theirs = record(1, outcome=Observed.COMPETENT, device="tab-B", based_on=first.record_id)
    state, _, _ = apply(state, [mine])
    state, events, outcomes = apply(state, [theirs])
    assert outcomes == [Outcome.CONFLICT]
    detected = events[1]
    assert isinstance(detected, CaptureConflictDetected)
    assert set(detected.record_ids) == {mine.record_id, theirs.record_id}
    found = findings_of(CANDIDATE, state.records.values())
    assert found.observations() == {} and [c.subject for c in found.conflicts] == ["1.1"]

    unaware = record(3, outcome=Observed.NOT_YET, based_on=mine.record_id)  # did not settle
    state, events, outcomes = apply(state, [unaware])
    assert outcomes == [Outcome.CONFLICT] and isinstance(events[1], CaptureConflictDetected)

    settled = record(4, outcome=Observed.COMPETENT, based_on=theirs.record_id,
                     settles=(unaware.record_id,))  # fmt: skip
    state, events, outcomes = apply(state, [settled])
    assert outcomes == [Outcome.APPLIED] and isinstance(events[1], CaptureConflictResolved)
    assert findings_of(CANDIDATE, state.records.values()).observations() == {
        "1.1": Observed.COMPETENT
    }
    assert len(state.records) == 5  # nothing dropped


def test_two_first_records_of_one_subject_are_a_conflict() -> None:
    _state, events, outcomes = apply(Captured(), [record(1, device="A"), record(1, device="B")])
    assert outcomes == [Outcome.CONFLICT, Outcome.CONFLICT]
    assert isinstance(events[1], CaptureConflictDetected)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (record(1, outcome=None), "records[0].outcome"),
        (record(1, points=5), "records[0].points"),
        (record(1, Kind.ATTENDANCE, "x"), "records[0].subject"),
        (record(1, Kind.ESSAY_MARK, "essay-9"), "records[0].subject"),
        (record(1, Kind.ESSAY_MARK, "essay-1", points=101), "records[0].points"),
        (record(0), "records[0].seq"),
        (record(1, subject=""), "records[0].subject"),
        (record(1, Kind.PHOTO, "p", photo=PhotoRef(content_hash="ab", media_type="image/gif",
                                                   size_bytes=0)), "records[0].photo.content_hash"),
        (record(1, Kind.AUDIO, "q-1", audio=PhotoRef(content_hash=HASH, media_type="audio/flac",
                                                     size_bytes=9)), "records[0].audio.media_type"),
        (record(1, Kind.AUDIO, "q-1", audio=PhotoRef(content_hash=HASH, media_type="audio/webm",
                                                     size_bytes=61 * MB)),
         "records[0].audio.size_bytes"),
        (record(1, Kind.AUDIO, "q-1", photo=PhotoRef(content_hash=HASH, media_type="image/png",
                                                     size_bytes=9)), "records[0].photo"),
    ],
)  # fmt: skip
def test_a_bad_record_is_refused_naming_the_field_and_nothing_applies(
    bad: CaptureRecord, field: str
) -> None:
    good = record(2, subject="2.1")
    with pytest.raises(Refusal) as refused:
        apply(Captured(), [bad, good])
    assert refused.value.field == field
    assert refused.value.status == 422


def test_a_record_id_reused_for_other_content_is_refused() -> None:
    first = record(1)
    state, _, _ = apply(Captured(), [first])
    changed = first.model_copy(update={"outcome": Observed.NOT_YET})
    with pytest.raises(Refusal) as refused:
        apply(state, [changed])
    assert refused.value.field == "records[0].record_id"


def test_an_edit_based_on_a_record_of_another_subject_is_refused() -> None:
    first = record(1)
    state, _, _ = apply(Captured(), [first])
    with pytest.raises(Refusal) as refused:
        apply(state, [record(2, subject="9.9", based_on=first.record_id)])
    assert refused.value.field == "records[0].based_on"


def test_an_edit_based_on_a_record_of_another_subject_in_the_same_batch_is_refused() -> None:
    first = record(1)
    with pytest.raises(Refusal) as refused:
        apply(Captured(), [first, record(2, subject="9.9", settles=(first.record_id,))])
    assert refused.value.field == "records[1].settles"


def test_an_interview_answer_recorded_as_audio_is_a_record_like_a_photo() -> None:
    answer = PhotoRef(content_hash=HASH, media_type="audio/webm", size_bytes=59 * MB)
    state, _, outcomes = apply(Captured(), [record(1, Kind.AUDIO, "q-1", audio=answer)])
    assert outcomes == [Outcome.APPLIED]
    [held] = state.records.values()
    assert held.audio == answer and held.key == (Kind.AUDIO, "q-1")
