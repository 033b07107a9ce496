"""What happens to an assessor's record, and what may be asked of it: the commands and the
events of its stream (assessor.py decides and folds them)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class RelationKind(StrEnum):
    FAMILY = "family"
    EMPLOYER = "employer"
    COLLEAGUE = "colleague"
    OTHER = "other"


class Relation(BaseModel):
    """A relation the assessor declared to a candidate, or to a whole cooperative."""

    model_config = ConfigDict(frozen=True)

    kind: RelationKind
    candidate_id: UUID | None = None
    cooperative_id: UUID | None = None


class AssessorMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    # The assessor's staff account (Principal.account_id of role assessor) is their id.
    assessor_id: UUID
    lsp_id: UUID | None
    actor: UUID
    at: datetime


class RegisterAssessor(AssessorMessage):
    met_number: str
    licence_valid_until: date
    scheme_codes: tuple[str, ...]
    district_code: str
    cooperative_id: UUID | None = None  # their own employer, when they work for a cooperative


class SetSchemes(AssessorMessage):
    scheme_codes: tuple[str, ...]


class DeclareRelation(AssessorMessage):
    relation: Relation


class DeclareUnavailability(AssessorMessage):
    dates: tuple[date, ...]


class RecordTraining(AssessorMessage):
    candidate_ids: tuple[UUID, ...]


class AssessorRegistered(RegisterAssessor):
    pass


class AssessorSchemesSet(SetSchemes):
    pass


class AssessorRelationDeclared(DeclareRelation):
    pass


class AssessorUnavailabilityDeclared(DeclareUnavailability):
    pass


class AssessorTrainingRecorded(RecordTraining):
    pass


AssessorEvent = (
    AssessorRegistered
    | AssessorSchemesSet
    | AssessorRelationDeclared
    | AssessorUnavailabilityDeclared
    | AssessorTrainingRecorded
)
EVENTS: tuple[type[AssessorEvent], ...] = (
    AssessorRegistered,
    AssessorSchemesSet,
    AssessorRelationDeclared,
    AssessorUnavailabilityDeclared,
    AssessorTrainingRecorded,
)
