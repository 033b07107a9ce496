"""The application aggregate: given events, when a command, then events (or a refusal)."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest
from registration_samples import AT, SCHEME, apl01, apl02

from kompeten_contracts.errors import Refusal
from registration.applications.domain.application import (
    Application,
    Status,
    decide_accept,
    decide_reject,
    decide_return,
    decide_save_draft,
    decide_start,
    evolve,
)
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationEvent,
    ApplicationReturned,
    ApplicationStarted,
    ApplicationSubmitted,
    DraftSaved,
)
from registration.applications.domain.application_submission import Submission, decide_submit

APP, CANDIDATE, STAFF = uuid4(), uuid4(), uuid4()


def given(*events: ApplicationEvent) -> Application:
    state = Application()
    for event in events:
        state = evolve(state, event)
    return state


def started() -> ApplicationStarted:
    return ApplicationStarted(application_id=APP, candidate_id=CANDIDATE, started_at=AT)


def submission(**overrides: object) -> Submission:
    command = Submission(APP, apl01(), apl02(), SCHEME, "5107", frozenset(), {"s": 1}, AT)
    return replace(command, **overrides)  # type: ignore[arg-type]


def submitted() -> ApplicationSubmitted:
    (event,) = decide_submit(given(started()), submission())
    assert isinstance(event, ApplicationSubmitted)
    return event


def test_starting_opens_a_draft_once() -> None:
    assert decide_start(Application(), APP, CANDIDATE, AT) == [started()]
    assert given(started()).status is Status.DRAFT
    with pytest.raises(Refusal):
        decide_start(given(started()), APP, CANDIDATE, AT)


def test_the_same_draft_saved_twice_is_recorded_once() -> None:
    (saved,) = decide_save_draft(given(started()), {"s": 1}, "print", AT)
    assert isinstance(saved, DraftSaved)
    assert decide_save_draft(given(started(), saved), {"s": 2}, "print", AT) == []


def test_a_submission_snapshots_the_forms_without_plain_personal_data() -> None:
    event = submitted()
    assert (event.submission, event.district_code, event.occupational_group) == (1, "5107", "kasir")
    assert (
        "Ni Made" not in event.model_dump_json()
        and "5107014506910001" not in event.model_dump_json()
    )
    assert given(started(), event).status is Status.SUBMITTED


def test_an_unpublished_scheme_version_is_refused_on_its_field() -> None:
    with pytest.raises(Refusal) as caught:
        decide_submit(given(started()), submission(scheme=None))
    assert caught.value.problems[0].field == "apl01.scheme_version"


def test_an_occupational_group_outside_the_scheme_is_refused() -> None:
    form = apl01(
        employment={
            "cooperative_id": uuid4(),
            "role": "karyawan",
            "occupational_group": "bendahara",
        }
    )
    with pytest.raises(Refusal) as caught:
        decide_submit(given(started()), submission(form=form))
    assert [p.field for p in caught.value.problems] == ["apl01.employment.occupational_group"]


def test_a_nik_other_than_the_registered_one_is_refused() -> None:
    with pytest.raises(Refusal) as caught:
        decide_submit(given(started()), submission(nik_differs_from_registration=True))
    assert [p.field for p in caught.value.problems] == ["apl01.personal.nik"]


def test_an_unknown_cooperative_is_refused() -> None:
    with pytest.raises(Refusal) as caught:
        decide_submit(given(started()), submission(cooperative_district=None))
    assert caught.value.problems[0].field == "apl01.employment.cooperative_id"


def test_evidence_not_uploaded_to_this_application_is_refused() -> None:
    stray = uuid4()
    with pytest.raises(Refusal) as caught:
        decide_submit(given(started()), submission(form=apl01(evidence_ids=[stray])))
    assert str(stray) in caught.value.problems[0].reason_en


def test_a_submitted_application_cannot_be_submitted_or_edited_again() -> None:
    state = given(started(), submitted())
    with pytest.raises(Refusal) as caught:
        decide_submit(state, submission())
    assert caught.value.status == 409 and caught.value.problems[0].field == "status"
    with pytest.raises(Refusal):
        decide_save_draft(state, {}, "other", AT)


def test_acceptance_carries_what_assessment_needs_and_who_decided() -> None:
    (event,) = decide_accept(given(started(), submitted()), STAFF, AT)
    assert isinstance(event, ApplicationAccepted)
    assert (event.accepted_by, event.candidate_id, event.district_code) == (
        STAFF,
        CANDIDATE,
        "5107",
    )
    assert (event.scheme_code, event.scheme_version) == ("KOP-KASIR", 1)


def test_a_returned_application_is_fixed_and_resubmitted_into_the_queue() -> None:
    (returned,) = decide_return(
        given(started(), submitted()), STAFF, ["apl01.personal.address"], {}, AT
    )
    assert isinstance(returned, ApplicationReturned) and returned.returned_by == STAFF
    state = given(started(), submitted(), returned)
    assert state.status is Status.RETURNED
    (again,) = decide_submit(state, submission())
    assert isinstance(again, ApplicationSubmitted) and again.submission == 2
    assert given(started(), submitted(), returned, again).status is Status.SUBMITTED


def test_returning_needs_at_least_one_field() -> None:
    with pytest.raises(Refusal) as caught:
        decide_return(given(started(), submitted()), STAFF, [], {}, AT)
    assert caught.value.problems[0].field == "reasons"


@pytest.mark.parametrize(
    ("decide", "verb_id", "verb_en"),
    [("accept", "diterima", "accepted"), ("return", "dikembalikan", "returned"),
     ("reject", "ditolak", "rejected")],
)  # fmt: skip
def test_only_a_submitted_application_can_be_decided(
    decide: str, verb_id: str, verb_en: str
) -> None:
    draft = given(started())
    accepted = given(
        started(), submitted(), *decide_accept(given(started(), submitted()), STAFF, AT)
    )
    for state in (draft, accepted):
        with pytest.raises(Refusal) as caught:
            if decide == "accept":
                decide_accept(state, STAFF, AT)
            elif decide == "return":
                decide_return(state, STAFF, ["x"], {}, AT)
            else:
                decide_reject(state, STAFF, {}, AT)
        assert caught.value.status == 409
        [problem] = caught.value.problems
        status = state.status.value
        assert problem.reason_id == f"permohonan berstatus {status} tidak dapat {verb_id}"
        assert problem.reason_en == f"an application in status {status} cannot be {verb_en}"


def test_rejection_is_final() -> None:
    state = given(
        started(), submitted(), *decide_reject(given(started(), submitted()), STAFF, {}, AT)
    )
    assert state.status is Status.REJECTED
    with pytest.raises(Refusal) as caught:
        decide_submit(state, submission())
    assert (
        caught.value.problems[0].reason_en
        == "an application in status rejected cannot be submitted"
    )
