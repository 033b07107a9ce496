"""Which private events become public contracts, and how: one mapper per private event class,
field by field (never **data: the private event may grow fields that must stay inside).
Personal data never crosses here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventkit.store import RecordedEvent
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registration import CandidateErasedV1, CandidateRegisteredV1
from kompeten_contracts.schemes import SchemeUnitV1, SchemeVersionPublishedV1
from registration.applications.domain.application_events import ApplicationAccepted
from registration.candidates.domain.candidate import CandidateErased, CandidateRegistered
from registration.catalogue.domain.scheme import SchemeVersionPublished
from registration.shared.application.events import REGISTRY


def candidate_registered(event: CandidateRegistered) -> CandidateRegisteredV1:
    return CandidateRegisteredV1(
        candidate_id=event.candidate_id,
        district_code=event.district_code,
        registered_at=event.registered_at,
    )


def candidate_erased(event: CandidateErased) -> CandidateErasedV1:
    return CandidateErasedV1(candidate_id=event.candidate_id, erased_at=event.erased_at)


def application_accepted(event: ApplicationAccepted) -> ApplicationAcceptedV1:
    return ApplicationAcceptedV1(
        application_id=event.application_id,
        candidate_id=event.candidate_id,
        scheme_code=event.scheme_code,
        scheme_version=event.scheme_version,
        occupational_group=event.occupational_group,
        cooperative_id=event.cooperative_id,
        district_code=event.district_code,
        adjustment_needs=event.adjustment_needs,
        accepted_at=event.accepted_at,
        lsp_id=event.lsp_id,
    )


def scheme_version_published(event: SchemeVersionPublished) -> SchemeVersionPublishedV1:
    content = event.content
    return SchemeVersionPublishedV1(
        scheme_code=event.scheme_code,
        scheme_version=event.version,
        published_at=event.at,
        lsp_id=event.lsp_id,
        title=content.title,
        brochure=content.brochure,
        basic_requirements=list(content.basic_requirements),
        occupational_groups=[group.value for group in content.occupational_groups],
        cooperative_kinds=[kind.value for kind in content.cooperative_kinds],
        units=[SchemeUnitV1.model_validate(unit.model_dump()) for unit in content.units],
    )


MAPPERS: dict[type[Any], Callable[[Any], PublicEvent]] = {
    CandidateRegistered: candidate_registered,
    CandidateErased: candidate_erased,
    ApplicationAccepted: application_accepted,
    SchemeVersionPublished: scheme_version_published,
}
PUBLISHED = REGISTRY.select(*MAPPERS)


def to_public(event: RecordedEvent) -> Sequence[PublicEvent]:
    """The relay's mapper. Events that stay inside are not even decoded (most of the log)."""
    if event.event_type not in PUBLISHED:
        return []
    private = PUBLISHED.decode(event)
    return [MAPPERS[type(private)](private)]
