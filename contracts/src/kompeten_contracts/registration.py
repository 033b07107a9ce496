"""Public events of the registration service (topic kompeten.registration.events)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from kompeten_contracts.base import PublicEvent


class CandidateRegisteredV1(PublicEvent):
    """A person registered as a candidate. Carries no personal data: partners key on the
    opaque candidate_id, which is stable for the person's whole life in Kompeten."""

    service: ClassVar[str] = "registration"
    name: ClassVar[str] = "CandidateRegistered"
    version: ClassVar[int] = 1

    candidate_id: UUID = Field(description="Opaque, unguessable id of the candidate")
    district_code: str = Field(
        pattern=r"^\d{4}$", description="Kemendagri code of the district (kabupaten/kota)"
    )
    registered_at: datetime


class CandidateErasedV1(PublicEvent):
    """The person asked to be erased: their personal data is gone from registration for good.
    Consumers delete or anonymise whatever they keep about this candidate_id."""

    service: ClassVar[str] = "registration"
    name: ClassVar[str] = "CandidateErased"
    version: ClassVar[int] = 1

    candidate_id: UUID = Field(description="Opaque id of the erased candidate")
    erased_at: datetime
