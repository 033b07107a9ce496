"""What certificate takes from kompeten.registration.events: inbox -> policy, in one
transaction per record. These declarations are also the contracts' subscription catalogue."""

from __future__ import annotations

from typing import Any

from certificate.bootstrap import CertificateService
from certificate.schemes.application.scheme_version_published import (
    when_scheme_version_published,
)
from eventkit.inbox import InboxConsumer
from kompeten_contracts.schemes import SchemeVersionPublishedV1
from kompeten_contracts.topics import REGISTRATION_EVENTS
from servicekit.consumers import Subscriber

registration_events: Subscriber[CertificateService] = Subscriber(
    "certificate", REGISTRATION_EVENTS, "registration-events"
)


@registration_events.handles(
    SchemeVersionPublishedV1,
    "Keeps each published scheme version's title and its units' titles, which a printed "
    "certificate shows beside the unit codes of the recommendation.",
)
async def scheme_version_published(
    service: CertificateService, tx: Any, event: SchemeVersionPublishedV1
) -> None:
    await when_scheme_version_published(service.features().schemes, tx, event)


def subscribe(service: CertificateService) -> InboxConsumer:
    return registration_events.consumer(
        service,
        service.pool,
        service.schema,
        service.settings.kafka_bootstrap,
        topic=service.registration_topic,
        group=service.group_id,
    )
