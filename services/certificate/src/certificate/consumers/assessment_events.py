"""What certificate takes from kompeten.assessment.events: inbox -> policy, in one transaction
per record. These declarations are also the contracts' subscription catalogue."""

from __future__ import annotations

from typing import Any

from certificate.bootstrap import CertificateService
from certificate.recommendations.application.recommendation_published import (
    when_recommendation_published,
)
from eventkit.inbox import InboxConsumer
from kompeten_contracts.assessment import RecommendationPublishedV1
from kompeten_contracts.topics import ASSESSMENT_EVENTS
from servicekit.consumers import Subscriber

assessment_events: Subscriber[CertificateService] = Subscriber(
    "certificate", ASSESSMENT_EVENTS, "assessment-events"
)


@assessment_events.handles(
    RecommendationPublishedV1,
    "Keeps each assessor's recommendation awaiting the LSP's certification decision; its "
    "assessor_ids bar those assessors from deciding.",
)
async def recommendation_published(
    service: CertificateService, tx: Any, event: RecommendationPublishedV1
) -> None:
    await when_recommendation_published(
        service.features().recommendations, tx, event, service.now()
    )


def subscribe(service: CertificateService) -> InboxConsumer:
    return assessment_events.consumer(
        service,
        service.pool,
        service.schema,
        service.settings.kafka_bootstrap,
        topic=service.source_topic,
        group=service.group_id,
    )
