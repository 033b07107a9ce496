"""A scheduled session and candidates for planning's unit tests, built through the domain's own
decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from assessment.planning.domain.assigning import Candidate, decide_assign
from assessment.planning.domain.session import (
    Session,
    SessionScheduled,
    decide_schedule,
    decide_start,
    evolve,
)

NOW = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = NOW + timedelta(hours=2)
ADMIN = uuid4()


def scheduled(capacity: int = 5, assessors: int = 1) -> Session:
    command = SessionScheduled(
        session_id=uuid4(), lsp_id=uuid4(), scheme_code="KOP-KASIR", scheme_version=1,
        site_id=uuid4(), district_code="5107", starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=3), exam_minutes=90, capacity=capacity,
        assessor_ids=[uuid4() for _ in range(assessors)], start_code="ABCD2345",
        scheduled_by=ADMIN, scheduled_at=NOW,
    )  # fmt: skip
    [event] = decide_schedule(Session(), command, NOW)
    return evolve(Session(), event)


def candidate(eligible: tuple[UUID, ...]) -> Candidate:
    return Candidate(uuid4(), uuid4(), uuid4(), "kasir", uuid4(), (), eligible)


def with_assignments(n: int = 2) -> Session:
    state = scheduled()
    assessors = tuple(state.plan.assessor_ids)  # type: ignore[union-attr]
    [event] = decide_assign(state, [candidate(assessors) for _ in range(n)], 10, ADMIN, NOW)
    return evolve(state, event)


def started(state: Session) -> Session:
    [event] = decide_start(state, state.plan.assessor_ids[0], STARTS)  # type: ignore[union-attr]
    return evolve(state, event)
