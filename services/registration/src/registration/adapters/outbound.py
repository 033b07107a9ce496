"""Which private events become public contracts, and how. Personal data never crosses here."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.store import RecordedEvent
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registration import CandidateErasedV1, CandidateRegisteredV1
from kompeten_contracts.schemes import SchemeVersionPublishedV1


def to_public(event: RecordedEvent) -> Sequence[PublicEvent]:
    if event.event_type == "CandidateRegistered":
        return [
            CandidateRegisteredV1(
                candidate_id=event.data["candidate_id"],
                district_code=event.data["district_code"],
                registered_at=event.data["registered_at"],
            )
        ]
    if event.event_type == "CandidateErased":
        return [
            CandidateErasedV1(
                candidate_id=event.data["candidate_id"], erased_at=event.data["erased_at"]
            )
        ]
    if event.event_type == "ApplicationAccepted":
        return [application_accepted(event)]
    if event.event_type == "SchemeVersionPublished":
        return [scheme_version_published(event)]
    return []


def scheme_version_published(event: RecordedEvent) -> SchemeVersionPublishedV1:
    content = event.data["content"]
    return SchemeVersionPublishedV1(
        scheme_code=event.data["scheme_code"],
        scheme_version=event.data["version"],
        published_at=event.data["at"],
        **{key: content[key] for key in SCHEME_CONTENT},
    )


SCHEME_CONTENT = (
    "title", "brochure", "basic_requirements", "occupational_groups", "cooperative_kinds", "units"
)  # fmt: skip


def application_accepted(event: RecordedEvent) -> ApplicationAcceptedV1:
    # Field by field, never **data: the private event may grow fields that must stay inside.
    d = event.data
    return ApplicationAcceptedV1(
        application_id=d["application_id"],
        candidate_id=d["candidate_id"],
        scheme_code=d["scheme_code"],
        scheme_version=d["scheme_version"],
        occupational_group=d["occupational_group"],
        cooperative_id=d["cooperative_id"],
        district_code=d["district_code"],
        adjustment_needs=d["adjustment_needs"],
        accepted_at=d["accepted_at"],
    )
