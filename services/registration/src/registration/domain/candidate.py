"""The candidate (asesi) aggregate: one per person, for life."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class CandidateRegistered(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    district_code: str
    nik_hash: str
    personal: dict[str, Any]
    registered_at: datetime


class RegisterCandidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    district_code: str
    nik_hash: str
    personal: dict[str, Any]
    registered_at: datetime


class CandidateAlreadyRegistered(Exception):
    pass


@dataclass(frozen=True)
class Candidate:
    candidate_id: UUID | None = None
    district_code: str | None = None

    @property
    def registered(self) -> bool:
        return self.candidate_id is not None


CandidateEvent = CandidateRegistered


def stream_id(candidate_id: UUID) -> str:
    return f"candidate-{candidate_id}"


def decide_register(state: Candidate, command: RegisterCandidate) -> list[CandidateEvent]:
    if state.registered:
        raise CandidateAlreadyRegistered(str(state.candidate_id))
    return [CandidateRegistered(**command.model_dump())]


def evolve(state: Candidate, event: CandidateEvent) -> Candidate:
    return Candidate(candidate_id=event.candidate_id, district_code=event.district_code)
