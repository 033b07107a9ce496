"""Assigning candidates to a session: all of a request or none of it, with every reason per
candidate. Facts that live elsewhere (accepted application, other sessions, the assessors'
conflicts of interest, training) are checked by the caller and arrive here as reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.planning.domain.session import Assignment, CandidatesAssigned, Session, live_plan
from kompeten_contracts.errors import Problem, Refusal, conflict


@dataclass(frozen=True)
class Blocked:
    reason_id: str
    reason_en: str


@dataclass(frozen=True)
class Candidate:
    """One candidate of the request, as the caller found them."""

    candidate_id: UUID
    application_id: UUID
    cooperative_id: UUID
    occupational_group: str
    attempt_id: UUID  # new, unguessable: the exam attempt drawn for this assignment
    blocked: tuple[Blocked, ...] = ()
    # The session's assessors free of any conflict with this candidate, best first.
    eligible_assessors: tuple[UUID, ...] = ()
    attempt_no: int = 1  # as the caller found it: the application's next attempt


def decide_assign(
    state: Session, candidates: list[Candidate], per_assessor: int, by: UUID, now: datetime
) -> list[CandidatesAssigned]:
    plan = live_plan(state)
    if state.started is not None:
        raise conflict("session_id", "ujian sudah dimulai", "the exam has already started")
    fresh = [c for c in candidates if state.assigned(c.candidate_id) is None]
    problems: list[Problem] = []
    if len(state.assignments) + len(fresh) > plan.capacity:
        free = plan.capacity - len(state.assignments)
        problems.append(
            Problem(
                "candidates",
                f"melebihi kapasitas sesi: sisa {free} kursi",
                f"over the session's capacity: {free} seats left",
            )
        )
    loads = {a: state.load_of(a) for a in plan.assessor_ids}
    assignments: list[Assignment] = []
    for i, candidate in enumerate(fresh):
        where = f"candidates[{i}] ({candidate.candidate_id})"
        problems += [Problem(where, b.reason_id, b.reason_en) for b in candidate.blocked]
        if candidate.blocked:
            continue
        free_assessors = [
            a for a in candidate.eligible_assessors if loads.get(a, per_assessor) < per_assessor
        ]
        if not free_assessors:
            problems.append(
                Problem(
                    where,
                    "tidak ada asesor sesi ini yang bebas konflik dan belum penuh",
                    "no assessor of this session is free of conflict and below the limit",
                )
            )
            continue
        assessor = min(free_assessors, key=lambda a: loads[a])
        loads[assessor] += 1
        assignments.append(
            Assignment(
                candidate_id=candidate.candidate_id,
                application_id=candidate.application_id,
                assessor_id=assessor,
                attempt_id=candidate.attempt_id,
                cooperative_id=candidate.cooperative_id,
                occupational_group=candidate.occupational_group,
                attempt_no=candidate.attempt_no,
            )
        )
    if problems:
        raise Refusal(problems)
    if not assignments:
        return []
    return [
        CandidatesAssigned(
            session_id=plan.session_id, assignments=assignments, assigned_by=by, assigned_at=now
        )
    ]
