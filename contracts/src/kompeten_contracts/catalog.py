"""Who publishes and who consumes which public event, on which topic: the data the JSON Schemas,
the AsyncAPI documents and the type registry are generated from.

To publish a new event: write its class in the service's module, add it to that service's
`Publication`, run `python -m kompeten_contracts.schemas write` and
`python -m kompeten_contracts.asyncapi write`. To consume one: declare it where it is handled
(servicekit.consumers.Subscriber.handles) and run `python -m tests.contracts.subscriptions
write`, which regenerates `subscriptions.json` from every service's declarations.
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    AssessmentCancelledV1,
    AssessmentRescheduledV1,
    AssessmentScheduledV1,
    RecommendationPublishedV1,
)
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.certificate import (
    CertificateBlankoNumberAttachedV1,
    CertificateCollectedV1,
    CertificateDuplicateIssuedV1,
    CertificateExpiredV1,
    CertificateIssuedV1,
    CertificateReinstatedV1,
    CertificateReleasedV1,
    CertificateReplacedV1,
    CertificateSuspendedV1,
    CertificateWithdrawnV1,
    CertificationDecidedV1,
)
from kompeten_contracts.registration import CandidateErasedV1, CandidateRegisteredV1
from kompeten_contracts.schemes import SchemeVersionPublishedV1
from kompeten_contracts.topics import (
    ASSESSMENT_EVENTS,
    CERTIFICATE_EVENTS,
    REGISTRATION_EVENTS,
    SERVICES,
    events_topic,
)


@dataclass(frozen=True)
class Published:
    """One event on a topic. `key` is the record key (= `ce_subject`, the aggregate's stream
    id) as a format string over the event's properties."""

    event: type[PublicEvent]
    key: str

    def key_fields(self) -> list[str]:
        return [field for _, field, _, _ in string.Formatter().parse(self.key) if field]

    def key_of(self, event: PublicEvent) -> str:
        return self.key.format(**{field: getattr(event, field) for field in self.key_fields()})


@dataclass(frozen=True)
class Publication:
    service: str
    topic: str
    events: tuple[Published, ...]
    description: str


@dataclass(frozen=True)
class Subscription:
    service: str
    topic: str
    consumer_group: str
    events: tuple[type[PublicEvent], ...]
    description: str


PUBLICATIONS: tuple[Publication, ...] = (
    Publication(
        service="registration",
        topic=REGISTRATION_EVENTS,
        events=(
            Published(CandidateRegisteredV1, key="candidate-{candidate_id}"),
            Published(ApplicationAcceptedV1, key="application-{application_id}"),
            Published(CandidateErasedV1, key="candidate-{candidate_id}"),
            Published(SchemeVersionPublishedV1, key="scheme-{scheme_code}"),
        ),
        description="Lifecycle of candidates: registration and, later, changes of status; "
        "and the published versions of the certification schemes.",
    ),
    Publication(
        service="assessment",
        topic=ASSESSMENT_EVENTS,
        events=(
            Published(AssessmentScheduledV1, key="session-{session_id}"),
            Published(AssessmentRescheduledV1, key="session-{session_id}"),
            Published(AssessmentCancelledV1, key="session-{session_id}"),
            Published(RecommendationPublishedV1, key="judgement-{attempt_id}"),
            Published(AppealLodgedV1, key="appeal-{appeal_id}"),
            Published(AppealDecidedV1, key="appeal-{appeal_id}"),
        ),
        description="Assessments planned and their outcomes: each candidate's assessment "
        "scheduled, rescheduled or cancelled (the notices to candidate and assessor), the "
        "assessor's recommendation per attempt for certification to decide on, and the appeals "
        "against it (open, decided).",
    ),
    Publication(
        service="certificate",
        topic=CERTIFICATE_EVENTS,
        events=(
            Published(CertificationDecidedV1, key="decision-{attempt_id}"),
            Published(CertificateIssuedV1, key="certificate-{certificate_id}"),
            Published(CertificateReleasedV1, key="certificate-{certificate_id}"),
            Published(CertificateSuspendedV1, key="certificate-{certificate_id}"),
            Published(CertificateReinstatedV1, key="certificate-{certificate_id}"),
            Published(CertificateWithdrawnV1, key="certificate-{certificate_id}"),
            Published(CertificateReplacedV1, key="certificate-{certificate_id}"),
            Published(CertificateDuplicateIssuedV1, key="certificate-{certificate_id}"),
            Published(CertificateExpiredV1, key="certificate-{certificate_id}"),
            Published(CertificateBlankoNumberAttachedV1, key="certificate-{certificate_id}"),
            Published(CertificateCollectedV1, key="certificate-{certificate_id}"),
        ),
        description="The LSP's certification decisions (K and BK) and the life of each "
        "certificate: issued, released to its holder, suspended, reinstated, withdrawn, "
        "replaced, duplicated, expired, its national registration (blanko) number attached, "
        "its paper collected by the holder.",
    ),
)

PUBLIC_EVENTS: tuple[type[PublicEvent], ...] = tuple(
    published.event for publication in PUBLICATIONS for published in publication.events
)
"""Every public event of Kompeten, in catalog order."""


def _subscriptions() -> tuple[Subscription, ...]:
    """Who consumes what is generated from the services' own declarations (each consumer's
    `@handles`), so it names only subscriptions some code handles: `subscriptions.json`."""
    by_type = {event.ce_type(): event for event in PUBLIC_EVENTS}
    entries = json.loads(resources.files(__package__).joinpath(SUBSCRIPTIONS_FILE).read_text())
    return tuple(
        Subscription(
            service=entry["service"],
            topic=entry["topic"],
            consumer_group=entry["consumer_group"],
            events=tuple(by_type[ce_type] for ce_type in entry["events"]),
            description=entry["description"],
        )
        for entry in entries
    )


SUBSCRIPTIONS_FILE = "subscriptions.json"
SUBSCRIPTIONS: tuple[Subscription, ...] = _subscriptions()


def services() -> list[str]:
    """Services that publish or consume public events, in `topics.SERVICES` order."""
    present = {publication.service for publication in PUBLICATIONS}
    present |= {subscription.service for subscription in SUBSCRIPTIONS}
    return [service for service in SERVICES if service in present]


def publications(service: str) -> list[Publication]:
    return [publication for publication in PUBLICATIONS if publication.service == service]


def subscriptions(service: str) -> list[Subscription]:
    return [subscription for subscription in SUBSCRIPTIONS if subscription.service == service]


def publication_of(event: type[PublicEvent]) -> tuple[Publication, Published]:
    for publication in PUBLICATIONS:
        for published in publication.events:
            if published.event is event:
                return publication, published
    raise LookupError(f"{event.__qualname__} is not published by any service in the catalog")


def problems(
    declared_publications: Sequence[Publication] = PUBLICATIONS,
    declared_subscriptions: Sequence[Subscription] = SUBSCRIPTIONS,
) -> list[str]:
    """Inconsistencies of the catalog; empty when it is sound."""
    found: list[str] = []
    seen: set[type[PublicEvent]] = set()
    topics: dict[str, set[type[PublicEvent]]] = {}
    for publication in declared_publications:
        if publication.service not in SERVICES:
            found.append(f"publication by unknown service {publication.service!r}")
            continue
        if publication.topic != events_topic(publication.service):
            found.append(
                f"{publication.service} publishes on {publication.topic}, "
                f"not on its own topic {events_topic(publication.service)}"
            )
        for published in publication.events:
            event = published.event
            if event in seen:
                found.append(f"{event.__qualname__} is published twice")
            seen.add(event)
            topics.setdefault(publication.topic, set()).add(event)
            if event.service != publication.service:
                found.append(
                    f"{event.__qualname__} belongs to {event.service}, "
                    f"but {publication.service} publishes it"
                )
            unknown = set(published.key_fields()) - set(event.model_fields)
            if unknown or not published.key_fields():
                found.append(
                    f"key {published.key!r} of {event.__qualname__} must be made of its "
                    f"properties; unknown: {sorted(unknown)}"
                )
    for subscription in declared_subscriptions:
        if subscription.service not in SERVICES:
            found.append(f"subscription by unknown service {subscription.service!r}")
        on_topic = topics.get(subscription.topic, set())
        for event in subscription.events:
            if event not in on_topic:
                found.append(
                    f"{subscription.service} consumes {event.__qualname__} from "
                    f"{subscription.topic}, where no service publishes it"
                )
    return found
