"""Subscriber to kompeten.registration.events: inbox → policy, in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from assessment.application.application_accepted import (
    AcceptedApplications,
    when_application_accepted,
)
from assessment.application.candidate_registered import when_candidate_registered
from assessment.application.ports import CandidatePool
from assessment.bootstrap import AssessmentService
from eventkit.inbox import InboundMessage, InboxConsumer
from kompeten_contracts import REGISTRY
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.registration import CandidateRegisteredV1

SUBSCRIPTION = "assessment.registration-events"
HANDLED = frozenset({CandidateRegisteredV1.ce_type(), ApplicationAcceptedV1.ce_type()})


def make_handler(
    pool: CandidatePool, accepted: AcceptedApplications | None = None
) -> Callable[[Any, InboundMessage], Awaitable[None]]:
    async def handle(tx: Any, message: InboundMessage) -> None:
        if message.envelope.type not in HANDLED:
            return  # other registration events are not assessment's business (yet)
        event = REGISTRY.decode(message.envelope.type, message.value)
        if isinstance(event, ApplicationAcceptedV1):
            assert accepted is not None, "ApplicationAccepted needs the accepted applications"
            await when_application_accepted(accepted, tx, event)
            return
        assert isinstance(event, CandidateRegisteredV1)
        await when_candidate_registered(pool, tx, event)

    return handle


def subscribe(service: AssessmentService) -> InboxConsumer:
    return InboxConsumer(
        service.pool,
        service.schema,
        service.settings.kafka_bootstrap,
        [service.source_topic],
        group_id=service.group_id,
        subscription=SUBSCRIPTION,
        handler=make_handler(service.pooled(), service.accepted()),
        dead_letter_topic=service.dead_letters,
    )
