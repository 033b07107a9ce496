"""Which private events become public contracts, and how. Personal data never crosses here."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.store import RecordedEvent
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registration import CandidateErasedV1, CandidateRegisteredV1


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
    return []
