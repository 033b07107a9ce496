"""Which of assessment's private events become public contracts, and how: one mapper per
private event class, field by field (never **data: a private event may grow fields that must
stay inside). Nothing personal crosses here: ids, codes, outcomes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assessment.appeals.domain.appeal import AppealDecided, AppealLodged
from assessment.judgement.domain.judgement import RecommendationPublished
from assessment.planning.adapters.public_notices import notices_issued
from assessment.planning.domain.session_changes import NoticesIssued
from assessment.shared.application.events import REGISTRY
from eventkit.store import RecordedEvent
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    AppealOutcomeV1,
    OutcomeV1,
    RecommendationPublishedV1,
    UnitOutcomeV1,
)
from kompeten_contracts.base import PublicEvent


def recommendation_published(event: RecommendationPublished) -> RecommendationPublishedV1:
    return RecommendationPublishedV1(
        attempt_id=event.attempt_id,
        attempt_no=event.attempt_no,
        candidate_id=event.candidate_id,
        application_id=event.application_id,
        lsp_id=event.lsp_id,
        scheme_code=event.scheme_code,
        scheme_version=event.scheme_version,
        session_id=event.session_id,
        district_code=event.district_code,
        units=[
            UnitOutcomeV1(unit_code=u.unit_code, outcome=OutcomeV1(u.outcome.value))
            for u in event.units
        ],
        overall=OutcomeV1(event.overall.value),
        assessor_ids=event.assessor_ids,
        recommended_at=event.recommended_at,
        trainer_ids=event.trainer_ids,
    )


def appeal_lodged(event: AppealLodged) -> AppealLodgedV1:
    return AppealLodgedV1(
        appeal_id=event.appeal_id,
        attempt_id=event.attempt_id,
        attempt_no=event.attempt_no,
        candidate_id=event.candidate_id,
        application_id=event.application_id,
        lsp_id=event.lsp_id,
        lodged_at=event.lodged_at,
    )


def appeal_decided(event: AppealDecided) -> AppealDecidedV1:
    return AppealDecidedV1(
        appeal_id=event.appeal_id,
        attempt_id=event.attempt_id,
        attempt_no=event.attempt_no,
        candidate_id=event.candidate_id,
        application_id=event.application_id,
        lsp_id=event.lsp_id,
        outcome=AppealOutcomeV1(event.outcome.value),
        decided_at=event.decided_at,
        reviewer_id=event.decided_by,
    )


MAPPERS: dict[type[Any], Callable[[Any], PublicEvent | Sequence[PublicEvent]]] = {
    RecommendationPublished: recommendation_published,
    AppealLodged: appeal_lodged,
    AppealDecided: appeal_decided,
    NoticesIssued: notices_issued,  # one per assignment named
}
PUBLISHED = REGISTRY.select(*MAPPERS)


def to_public(event: RecordedEvent) -> Sequence[PublicEvent]:
    """The relay's mapper. Events that stay inside are not even decoded."""
    if event.event_type not in PUBLISHED:
        return []
    private = PUBLISHED.decode(event)
    public = MAPPERS[type(private)](private)
    return [public] if isinstance(public, PublicEvent) else public
