"""What registration takes from kompeten.assessment.events: the notices of a candidate's
assessment (scheduled, rescheduled, cancelled), mailed to the candidate and the assessor, whose
addresses only registration holds. Inbox -> mail, once per event. These declarations are also
the contracts' subscription catalogue."""

from __future__ import annotations

from typing import Any

from eventkit.inbox import InboxConsumer
from kompeten_contracts.assessment import (
    AssessmentCancelledV1,
    AssessmentRescheduledV1,
    AssessmentScheduledV1,
)
from kompeten_contracts.topics import ASSESSMENT_EVENTS
from registration.bootstrap import RegistrationService
from servicekit.consumers import Subscriber

assessment_events: Subscriber[RegistrationService] = Subscriber(
    "registration", ASSESSMENT_EVENTS, "assessment-events"
)


@assessment_events.handles(
    AssessmentScheduledV1, "Mails the candidate and the assessor their assessment's schedule."
)
async def scheduled(service: RegistrationService, tx: Any, event: AssessmentScheduledV1) -> None:
    await service.notices().on_notice(tx, event)


@assessment_events.handles(
    AssessmentRescheduledV1, "Mails the candidate and the assessor the assessment's new window."
)
async def rescheduled(
    service: RegistrationService, tx: Any, event: AssessmentRescheduledV1
) -> None:
    await service.notices().on_notice(tx, event)


@assessment_events.handles(
    AssessmentCancelledV1, "Mails the candidate and the assessor that the assessment is cancelled."
)
async def cancelled(service: RegistrationService, tx: Any, event: AssessmentCancelledV1) -> None:
    await service.notices().on_notice(tx, event)


def subscribe(service: RegistrationService) -> InboxConsumer:
    return assessment_events.consumer(
        service,
        service.pool,
        service.schema,
        service.settings.kafka_bootstrap,
        topic=service.source_topic,
        group=service.group_id,
    )
