"""Policy: when assessment publishes a recommendation, keep it on its own stream, awaiting the
LSP's decision. Runs in the inbox's transaction: a duplicate delivery is claimed once and
records nothing twice; a second, different recommendation for one attempt is refused (and,
after the inbox's retries, waits in the dead-letter topic: never silently dropped)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from certificate.recommendations.domain import recommendation as r
from certificate.shared.application.repositories import Recommendations
from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from kompeten_contracts.assessment import RecommendationPublishedV1


def received(event: RecommendationPublishedV1, at: datetime) -> r.ReceiveRecommendation:
    # Field by field: a field the contract gains is not kept unasked.
    return r.ReceiveRecommendation(
        attempt_id=event.attempt_id, attempt_no=event.attempt_no,
        candidate_id=event.candidate_id, application_id=event.application_id,
        lsp_id=event.lsp_id, scheme_code=event.scheme_code,
        scheme_version=event.scheme_version, session_id=event.session_id,
        district_code=event.district_code,
        units=tuple(UnitOutcome(unit_code=u.unit_code, outcome=Outcome(u.outcome.value))
                    for u in event.units),
        overall=Outcome(event.overall.value), assessor_ids=tuple(event.assessor_ids),
        recommended_at=event.recommended_at, received_at=at,
        trainer_ids=tuple(event.trainer_ids),
    )  # fmt: skip


async def when_recommendation_published(
    repository: Recommendations, tx: Any, event: RecommendationPublishedV1, at: datetime
) -> None:
    loaded = await repository.load(event.attempt_id)
    events = r.decide_receive(loaded.state, received(event, at))
    await repository.append(event.attempt_id, loaded.version, events, tx=tx)
