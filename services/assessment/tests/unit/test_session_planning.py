"""Scheduling a session, assigning candidates all-or-nothing with reasons, and starting the
exam no earlier than 10 minutes before its time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from assessment.planning.domain.assigning import Blocked, Candidate, decide_assign
from assessment.planning.domain.session import (
    Session,
    SessionScheduled,
    decide_schedule,
    decide_start,
    evolve,
)
from kompeten_contracts.errors import Refusal

NOW = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = NOW + timedelta(hours=2)
ADMIN = uuid4()


def plan(capacity: int = 3, assessors: int = 1, **changes: object) -> SessionScheduled:
    values: dict[str, object] = dict(
        session_id=uuid4(),
        lsp_id=uuid4(),
        scheme_code="KOP-KASIR",
        scheme_version=1,
        site_id=uuid4(),
        district_code="5107",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=3),
        exam_minutes=90,
        capacity=capacity,
        assessor_ids=[uuid4() for _ in range(assessors)],
        start_code="ABCD2345",
        scheduled_by=ADMIN,
        scheduled_at=NOW,
    )
    values.update(changes)
    return SessionScheduled.model_validate(values)


def scheduled(**kw: object) -> Session:
    command = plan(**kw)  # type: ignore[arg-type]
    [event] = decide_schedule(Session(), command, NOW)
    return evolve(Session(), event)


def candidate(eligible: tuple[UUID, ...], *blocked: Blocked) -> Candidate:
    return Candidate(uuid4(), uuid4(), uuid4(), "kasir", uuid4(), blocked, eligible)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": NOW - timedelta(minutes=1)}, "starts_at"),
        ({"ends_at": STARTS}, "ends_at"),
        ({"exam_minutes": 240}, "exam_minutes"),
        ({"capacity": 0}, "capacity"),
        ({"assessor_ids": []}, "assessor_ids"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(Refusal) as refused:
        decide_schedule(Session(), plan(**change), NOW)  # type: ignore[arg-type]
    assert refused.value.problems[0].field == field


def test_assignment_is_all_or_nothing_with_every_reason_per_candidate() -> None:
    state = scheduled(capacity=5)
    assessor = state.plan.assessor_ids[0]  # type: ignore[union-attr]
    ok = candidate((assessor,))
    conflicted = candidate((), Blocked("koperasi yang sama", "same cooperative"))
    with pytest.raises(Refusal) as refused:
        decide_assign(state, [ok, conflicted], 10, ADMIN, NOW)
    [problem] = refused.value.problems
    assert str(conflicted.candidate_id) in problem.field and problem.reason_en == "same cooperative"
    [event] = decide_assign(state, [ok], 10, ADMIN, NOW)
    assert [a.candidate_id for a in event.assignments] == [ok.candidate_id]


def test_capacity_and_the_per_assessor_limit_hold() -> None:
    state = scheduled(capacity=2, assessors=2)
    assessors = tuple(state.plan.assessor_ids)  # type: ignore[union-attr]
    with pytest.raises(Refusal) as refused:
        decide_assign(state, [candidate(assessors) for _ in range(3)], 10, ADMIN, NOW)
    assert refused.value.problems[0].field == "candidates"
    [event] = decide_assign(state, [candidate(assessors), candidate(assessors)], 1, ADMIN, NOW)
    assert {a.assessor_id for a in event.assignments} == set(assessors)  # spread, one each
    with pytest.raises(Refusal):
        decide_assign(state, [candidate(assessors[:1]), candidate(assessors[:1])], 1, ADMIN, NOW)


def test_assigning_the_same_candidates_again_changes_nothing() -> None:
    state = scheduled()
    one = candidate(tuple(state.plan.assessor_ids))  # type: ignore[union-attr]
    [event] = decide_assign(state, [one], 10, ADMIN, NOW)
    assert decide_assign(evolve(state, event), [one], 10, ADMIN, NOW) == []


def test_the_exam_starts_no_earlier_than_ten_minutes_before_and_only_by_its_assessor() -> None:
    state = scheduled()
    assessor = state.plan.assessor_ids[0]  # type: ignore[union-attr]
    with pytest.raises(Refusal) as early:
        decide_start(state, assessor, STARTS - timedelta(minutes=11))
    assert early.value.problems[0].field == "starts_at"
    with pytest.raises(Refusal) as stranger:
        decide_start(state, uuid4(), STARTS)
    assert stranger.value.kind.value == "forbidden"
    [started] = decide_start(state, assessor, STARTS - timedelta(minutes=10))
    assert started.deadline == started.started_at + timedelta(minutes=90)
    assert decide_start(evolve(state, started), assessor, STARTS) == []


def test_a_start_made_offline_in_the_hall_counts_from_when_the_tablet_started() -> None:
    state = scheduled()
    assessor = state.plan.assessor_ids[0]  # type: ignore[union-attr]
    synced_at = STARTS + timedelta(hours=1, minutes=30)
    [started] = decide_start(state, assessor, synced_at, started_at=STARTS)
    assert started.started_at == STARTS and started.deadline == STARTS + timedelta(minutes=90)
    with pytest.raises(Refusal) as future:
        decide_start(state, assessor, STARTS, started_at=STARTS + timedelta(minutes=1))
    assert future.value.problems[0].field == "started_at"
    with pytest.raises(Refusal) as too_early:
        decide_start(state, assessor, synced_at, started_at=STARTS - timedelta(minutes=30))
    assert too_early.value.problems[0].field == "starts_at"
