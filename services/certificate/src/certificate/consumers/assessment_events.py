"""What certificate takes from kompeten.assessment.events: inbox -> policy, in one transaction
per record. These declarations are also the contracts' subscription catalogue."""

from __future__ import annotations

from typing import Any

from certificate.bootstrap import CertificateService
from certificate.recommendations.application.appeals import (
    when_appeal_decided,
    when_appeal_lodged,
)
from certificate.recommendations.application.recommendation_published import (
    when_recommendation_published,
)
from eventkit.inbox import InboxConsumer
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    RecommendationPublishedV1,
)
from kompeten_contracts.topics import ASSESSMENT_EVENTS
from servicekit.consumers import Subscriber

assessment_events: Subscriber[CertificateService] = Subscriber(
    "certificate", ASSESSMENT_EVENTS, "assessment-events"
)


@assessment_events.handles(
    RecommendationPublishedV1,
    "Keeps each assessor's recommendation awaiting the LSP's certification decision; its "
    "assessor_ids and trainer_ids bar those assessors and trainers from deciding.",
)
async def recommendation_published(
    service: CertificateService, tx: Any, event: RecommendationPublishedV1
) -> None:
    await when_recommendation_published(
        service.features().recommendations, tx, event, service.now()
    )


@assessment_events.handles(
    AppealLodgedV1,
    "Holds the appealed attempt's recommendation: no certification decision while the appeal "
    "is open.",
)
async def appeal_lodged(service: CertificateService, tx: Any, event: AppealLodgedV1) -> None:
    await when_appeal_lodged(service.features().recommendations, tx, event)


@assessment_events.handles(
    AppealDecidedV1,
    "Releases the held recommendation when the appeal is dismissed; sets it aside when upheld "
    "(the re-assessment's recommendation is decided instead); its reviewer_id is barred from "
    "deciding the candidate.",
)
async def appeal_decided(service: CertificateService, tx: Any, event: AppealDecidedV1) -> None:
    features = service.features()
    await when_appeal_decided(features.recommendations, tx, event, features.involvements)


def subscribe(service: CertificateService) -> InboxConsumer:
    return assessment_events.consumer(
        service,
        service.pool,
        service.schema,
        service.settings.kafka_bootstrap,
        topic=service.source_topic,
        group=service.group_id,
    )
