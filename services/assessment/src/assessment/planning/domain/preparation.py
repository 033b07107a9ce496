"""One candidate's preparation for one assessment attempt, before it starts: the pre-assessment
consultation the assessor held, the reasonable adjustments (FR.AK.07) for each need the
accepted application named, and the consent and confidentiality form (FR.AK.01) signed by the
candidate and by the assessor. One stream per attempt (`preparation-<attempt id>`); where a
rule needs the session or the attempt, the caller brings it as `Facts`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Party(StrEnum):
    CANDIDATE = "candidate"
    ASSESSOR = "assessor"


class ConsultationRecorded(_Frozen):
    attempt_id: UUID
    held_on: date
    notes: str
    agreed: list[str]  # what was agreed: the arrangements for the day, in the assessor's words
    recorded_by: UUID
    recorded_at: datetime


class Adjustment(_Frozen):
    need: str  # a code of the application's adjustment needs (vision, hearing, ...)
    action: str  # what the assessor will do about it


class AdjustmentsPlanned(_Frozen):
    attempt_id: UUID
    adjustments: list[Adjustment]
    planned_by: UUID
    planned_at: datetime


class ConsentSigned(_Frozen):
    attempt_id: UUID
    party: Party
    signed_by: UUID
    terms_version: str
    signed_at: datetime


PreparationEvent = ConsultationRecorded | AdjustmentsPlanned | ConsentSigned
EVENTS: tuple[type[PreparationEvent], ...] = (
    ConsultationRecorded,
    AdjustmentsPlanned,
    ConsentSigned,
)


@dataclass(frozen=True)
class Facts:
    """What the session and the attempt say, read by the caller for one decision."""

    attempt_id: UUID
    candidate_id: UUID
    assessor_id: UUID  # the assessor assigned to this candidate
    session_assessors: tuple[UUID, ...]
    needs: tuple[str, ...]  # the accepted application's adjustment needs
    plan_set: bool  # the session's assessment plan (MAPA) is set
    started: bool  # the session's exam has started
    over: bool  # the attempt can no longer be taken: cancelled, or its time is up


@dataclass(frozen=True)
class Preparation:
    consultation: ConsultationRecorded | None = None
    adjustments: AdjustmentsPlanned | None = None
    signatures: dict[Party, ConsentSigned] = field(default_factory=dict)

    @property
    def consented(self) -> bool:
        return set(self.signatures) == set(Party)

    def planned_needs(self) -> set[str]:
        return {a.need for a in self.adjustments.adjustments} if self.adjustments else set()


def stream_id(attempt_id: UUID) -> str:
    return f"preparation-{attempt_id}"


def evolve(state: Preparation, event: PreparationEvent) -> Preparation:
    if isinstance(event, ConsultationRecorded):
        return replace(state, consultation=event)
    if isinstance(event, AdjustmentsPlanned):
        return replace(state, adjustments=event)
    return replace(state, signatures={**state.signatures, event.party: event})
