"""The candidate (asesi) aggregate: one per person, for life."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from registration.catalogue.domain.cooperative_terms import CooperativeRole, OccupationalGroup


class Affiliation(BaseModel):
    """Where the person works, as the district operator's file says: the phone pre-fills
    APL-01's employment part with it. Not personal data: a cooperative and a position."""

    model_config = ConfigDict(frozen=True)

    cooperative_id: UUID
    role: CooperativeRole
    occupational_group: OccupationalGroup


class CandidateRegistered(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    district_code: str
    nik_hash: str
    personal: dict[str, Any]
    registered_at: datetime
    affiliation: Affiliation | None = None  # known when a cohort import registered the person


class RegisterCandidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    district_code: str
    nik_hash: str
    personal: dict[str, Any]
    registered_at: datetime


class CandidateErased(BaseModel):
    """The person's key was deleted: their personal data in this log is unreadable for good."""

    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    erased_at: datetime
    requested_by: UUID


class CandidateAlreadyRegistered(Exception):
    pass


class CandidateUnknown(Exception):
    pass


class CandidateAlreadyErased(Exception):
    pass


@dataclass(frozen=True)
class Candidate:
    candidate_id: UUID | None = None
    district_code: str | None = None
    personal: dict[str, Any] | None = None
    erased: bool = False
    affiliation: Affiliation | None = None

    @property
    def registered(self) -> bool:
        return self.candidate_id is not None


CandidateEvent = CandidateRegistered | CandidateErased
EVENTS: tuple[type[CandidateEvent], ...] = (CandidateRegistered, CandidateErased)


def stream_id(candidate_id: UUID) -> str:
    return f"candidate-{candidate_id}"


def decide_register(state: Candidate, command: RegisterCandidate) -> list[CandidateEvent]:
    if state.registered:
        raise CandidateAlreadyRegistered(str(state.candidate_id))
    return [CandidateRegistered(**command.model_dump())]


def decide_erase(state: Candidate, requested_by: UUID, now: datetime) -> list[CandidateEvent]:
    if state.candidate_id is None:
        raise CandidateUnknown()
    if state.erased:
        raise CandidateAlreadyErased(str(state.candidate_id))
    return [CandidateErased(candidate_id=state.candidate_id, erased_at=now,
                            requested_by=requested_by)]  # fmt: skip


def evolve(state: Candidate, event: CandidateEvent) -> Candidate:
    if isinstance(event, CandidateErased):
        return Candidate(state.candidate_id, state.district_code, personal=None, erased=True,
                         affiliation=state.affiliation)  # fmt: skip
    return Candidate(event.candidate_id, event.district_code, personal=event.personal,
                     affiliation=event.affiliation)  # fmt: skip
