"""Policies: when assessment says a recommendation was appealed, hold it (no decision while
the appeal is open); when the appeal is decided, release it (dismissed) or set it aside
(upheld: the re-assessment's own recommendation is decided instead), and remember its reviewer
on the candidate's involvement (barred from deciding the candidate). In the inbox's
transaction; each appeal is recorded once on the attempt's recommendation stream, which the
appeal may reach before the recommendation itself (their records have different keys)."""

from __future__ import annotations

from typing import Any

from certificate.recommendations.domain import candidate_involvement as ci
from certificate.recommendations.domain import recommendation as r
from certificate.shared.application.repositories import Involvements, Recommendations
from kompeten_contracts.assessment import AppealDecidedV1, AppealLodgedV1


async def when_appeal_lodged(repository: Recommendations, tx: Any, event: AppealLodgedV1) -> None:
    opened = r.AppealOpened(appeal_id=event.appeal_id, attempt_id=event.attempt_id,
                            lodged_at=event.lodged_at)  # fmt: skip
    loaded = await repository.load(event.attempt_id)
    events = r.decide_open_appeal(loaded.state, opened)
    await repository.append(event.attempt_id, loaded.version, events, tx=tx)


async def when_appeal_decided(
    repository: Recommendations,
    tx: Any,
    event: AppealDecidedV1,
    involvements: Involvements | None = None,
) -> None:
    closed = r.AppealClosed(appeal_id=event.appeal_id, attempt_id=event.attempt_id,
                            outcome=r.AppealOutcome(event.outcome.value),
                            decided_at=event.decided_at)  # fmt: skip
    loaded = await repository.load(event.attempt_id)
    events = r.decide_close_appeal(loaded.state, closed)
    await repository.append(event.attempt_id, loaded.version, events, tx=tx)
    if involvements is not None and event.reviewer_id is not None:
        reviewed = ci.AppealReviewed(candidate_id=event.candidate_id, appeal_id=event.appeal_id,
                                     attempt_id=event.attempt_id, reviewer_id=event.reviewer_id,
                                     decided_at=event.decided_at)  # fmt: skip
        involvement = await involvements.load(event.candidate_id)
        recorded = ci.decide_record_review(involvement.state, reviewed)
        await involvements.append(event.candidate_id, involvement.version, recorded, tx=tx)
