"""Who had a part in a candidate's case besides the attempt's own assessors: the reviewers of
the candidate's appeals, as assessment names them when an appeal is decided. One stream per
candidate, because a reviewer of the appeal on one attempt stays barred from deciding the
re-assessment that follows it (another attempt, another recommendation stream)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class AppealReviewed(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    appeal_id: UUID
    attempt_id: UUID
    reviewer_id: UUID
    decided_at: datetime


InvolvementEvent = AppealReviewed
EVENTS: tuple[type[InvolvementEvent], ...] = (AppealReviewed,)


@dataclass(frozen=True)
class CandidateInvolvement:
    reviews: tuple[AppealReviewed, ...] = ()

    @property
    def reviewer_ids(self) -> frozenset[UUID]:
        return frozenset(r.reviewer_id for r in self.reviews)


def stream_id(candidate_id: UUID) -> str:
    return f"involvement-{candidate_id}"


def decide_record_review(
    state: CandidateInvolvement, event: AppealReviewed
) -> list[InvolvementEvent]:
    known = {(r.appeal_id, r.reviewer_id) for r in state.reviews}
    return [] if (event.appeal_id, event.reviewer_id) in known else [event]


def evolve(state: CandidateInvolvement, event: InvolvementEvent) -> CandidateInvolvement:
    return CandidateInvolvement((*state.reviews, event))
