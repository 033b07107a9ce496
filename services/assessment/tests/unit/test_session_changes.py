"""A session moves to a new window or is cancelled only before its exam starts; its plan (MAPA)
names, for every unit, instruments the bank offers; each change is confirmed to the people
assigned, and published as one public event per assignment, with reason codes only."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from planning_samples import ADMIN, NOW, STARTS, scheduled, started, with_assignments

from assessment.planning.adapters.public_notices import notices_issued
from assessment.planning.domain.assessment_plan import decide_plan
from assessment.planning.domain.notices import SiteFacts, notice
from assessment.planning.domain.rescheduling import decide_cancel, decide_reschedule
from assessment.planning.domain.session import Session, decide_start, evolve
from assessment.planning.domain.session_changes import (
    ChangeReason,
    NoticeKind,
    SessionRescheduled,
)
from kompeten_contracts.assessment import AssessmentCancelledV1, AssessmentRescheduledV1
from kompeten_contracts.errors import Refusal

LATER = STARTS + timedelta(days=1)
SITE = SiteFacts("BLK Karangasem", "Jl. Ngurah Rai No. 1, Amlapura")
OFFER = {"U1": ("IA.01", "IA.05", "IA.09"), "U2": ("IA.05",)}


def reschedule(state: Session, hours: int = 3, starts=LATER):  # type: ignore[no-untyped-def]
    return decide_reschedule(
        state,
        starts,
        starts + timedelta(hours=hours),
        ChangeReason.SITE_UNAVAILABLE,
        "",
        ADMIN,
        NOW,
    )


def test_a_new_window_moves_the_session_and_the_old_one_is_kept_on_record() -> None:
    state = with_assignments()
    [moved] = reschedule(state)
    assert isinstance(moved, SessionRescheduled) and moved.previous_starts_at == STARTS
    after = evolve(state, moved)
    assert after.plan.starts_at == LATER  # type: ignore[union-attr]
    assert reschedule(after) == []  # the same window again changes nothing


@pytest.mark.parametrize(
    ("starts", "hours", "field"),
    [(NOW - timedelta(hours=1), 3, "starts_at"), (LATER, 0, "ends_at"), (LATER, 1, "ends_at")],
)
def test_a_bad_new_window_is_refused_naming_the_field(starts, hours, field) -> None:  # type: ignore[no-untyped-def]
    # 1 hour is shorter than the session's 90-minute exam
    with pytest.raises(Refusal) as refused:
        reschedule(with_assignments(), hours=hours, starts=starts)
    assert refused.value.problems[0].field == field


def test_nothing_moves_or_is_cancelled_once_the_exam_started() -> None:
    state = started(with_assignments())
    for change in (
        lambda: reschedule(state),
        lambda: decide_cancel(state, ChangeReason.OTHER, "", ADMIN, NOW),
    ):
        with pytest.raises(Refusal) as refused:
            change()
        assert refused.value.kind.value == "conflict" and "started" in refused.value.reason_en


def test_a_cancelled_session_is_cancelled_once_and_takes_no_more_changes() -> None:
    state = with_assignments()
    [cancelled] = decide_cancel(state, ChangeReason.FORCE_MAJEURE, "Banjir", ADMIN, NOW)
    after = evolve(state, cancelled)
    assert after.cancelled and decide_cancel(after, ChangeReason.OTHER, "", ADMIN, NOW) == []
    with pytest.raises(Refusal):
        reschedule(after)
    with pytest.raises(Refusal):
        decide_start(after, after.plan.assessor_ids[0], STARTS)  # type: ignore[union-attr]


def test_the_plan_names_offered_instruments_for_every_unit() -> None:
    state = scheduled()
    [plan] = decide_plan(
        state, 3, OFFER, {"U1": ["IA.09", "IA.05"], "U2": ["IA.05"]}, ADMIN, True, NOW
    )
    assert [u.instruments for u in plan.units] == [["IA.05", "IA.09"], ["IA.05"]]  # form order
    after = evolve(state, plan)
    assert after.mapa == plan
    assert (
        decide_plan(after, 3, OFFER, {"U1": ["IA.05", "IA.09"], "U2": ["IA.05"]}, ADMIN, True, NOW)
        == []
    )
    with pytest.raises(Refusal) as refused:
        decide_plan(state, 3, OFFER, {"U1": ["IA.02"], "U9": ["IA.05"]}, ADMIN, True, NOW)
    fields = [p.field for p in refused.value.problems]
    assert fields == ["units.U9", "units.U1", "units.U2"]  # unknown unit, not offered, missing


def test_the_plan_is_the_admins_or_the_sessions_assessors_before_the_start() -> None:
    state = scheduled()
    assessor = state.plan.assessor_ids[0]  # type: ignore[union-attr]
    chosen = {"U1": ["IA.05"], "U2": ["IA.05"]}
    assert decide_plan(state, 1, OFFER, chosen, assessor, False, NOW)
    with pytest.raises(Refusal) as stranger:
        decide_plan(state, 1, OFFER, chosen, uuid4(), False, NOW)
    assert stranger.value.kind.value == "forbidden"
    with pytest.raises(Refusal):
        decide_plan(started(with_assignments()), 1, OFFER, chosen, ADMIN, True, NOW)


def test_each_change_is_published_once_per_assignment_with_a_reason_code_only() -> None:
    state = with_assignments(3)
    assert state.plan is not None
    [moved] = reschedule(state)
    assert isinstance(moved, SessionRescheduled)
    [issued] = notice(
        state.plan,
        NoticeKind.RESCHEDULED,
        SITE,
        state.assignments,
        NOW,
        ChangeReason.SITE_UNAVAILABLE,
        moved=moved,
    )
    public = notices_issued(issued)
    assert [type(p) for p in public] == [AssessmentRescheduledV1] * 3
    assert {p.attempt_id for p in public} == {a.attempt_id for a in state.assignments}
    assert all(p.starts_at == LATER and p.previous_starts_at == STARTS for p in public)  # type: ignore[attr-defined]
    [gone] = notice(
        state.plan, NoticeKind.CANCELLED, SITE, state.assignments, NOW, ChangeReason.FORCE_MAJEURE
    )
    cancelled = notices_issued(gone)
    assert isinstance(cancelled[0], AssessmentCancelledV1)
    assert cancelled[0].reason.value == "force_majeure" and "note" not in cancelled[0].model_dump()
    assert notice(state.plan, NoticeKind.SCHEDULED, SITE, [], NOW) == []  # no one to tell
