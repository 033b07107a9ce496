"""What assessment takes from kompeten.registration.events: inbox -> policy, in one
transaction per record. These declarations are also the contracts' subscription catalogue."""

from __future__ import annotations

from typing import Any

from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import when_application_accepted
from assessment.intake.application.candidate_registered import when_candidate_registered
from assessment.intake.application.scheme_version_published import when_scheme_version_published
from eventkit.inbox import InboxConsumer
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.registration import CandidateRegisteredV1
from kompeten_contracts.schemes import SchemeVersionPublishedV1
from kompeten_contracts.topics import REGISTRATION_EVENTS
from servicekit.consumers import Subscriber

registration_events: Subscriber[AssessmentService] = Subscriber(
    "assessment", REGISTRATION_EVENTS, "registration-events"
)


@registration_events.handles(
    CandidateRegisteredV1, "Adds each registered candidate to the pool awaiting assessment."
)
async def candidate_registered(
    service: AssessmentService, tx: Any, event: CandidateRegisteredV1
) -> None:
    await when_candidate_registered(service.pooled(), tx, event)


@registration_events.handles(
    ApplicationAcceptedV1, "Keeps the accepted applications awaiting assessment planning."
)
async def application_accepted(
    service: AssessmentService, tx: Any, event: ApplicationAcceptedV1
) -> None:
    await when_application_accepted(service.accepted(), tx, event)


@registration_events.handles(
    SchemeVersionPublishedV1,
    "Keeps each published scheme version's units, against which question banks are checked.",
)
async def scheme_version_published(
    service: AssessmentService, tx: Any, event: SchemeVersionPublishedV1
) -> None:
    await when_scheme_version_published(service.schemes(), tx, event)


def subscribe(service: AssessmentService) -> InboxConsumer:
    return registration_events.consumer(
        service,
        service.pool,
        service.schema,
        service.settings.kafka_bootstrap,
        topic=service.source_topic,
        group=service.group_id,
    )
