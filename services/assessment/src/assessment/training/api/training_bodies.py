"""What the training API takes and answers: bodies checked at the edge (types, sizes); the
domain checks the rest (module codes, requirement, dates)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from assessment.training.application.training_status import CandidateStatus
from assessment.training.domain.requirement import Module
from assessment.training.domain.training_record import Outcome

MAX_BATCH = 1000


class ModuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=60, examples=["KAS-01"])
    title: str = Field(max_length=400, examples=["Dasar-dasar Perkoperasian"])


class RequirementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    modules: list[ModuleIn] = Field(max_length=100, description="empty: no training required")


class RequirementOut(BaseModel):
    scheme_code: str
    modules: list[Module]


class CompletionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: UUID = Field(description="the provider's id of this report: a retry applies once")
    candidate_id: UUID
    scheme_code: str = Field(max_length=80, examples=["KOP-KASIR"])
    module_code: str = Field(max_length=60, examples=["KAS-01"])
    completed_on: date
    provider_ref: str = Field(max_length=200, examples=["BLK-KRA/2026/0412"])
    trainer_id: UUID | None = Field(
        default=None, description="the trainer's staff account; none: the caller's own"
    )


class CompletionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    completions: list[CompletionIn] = Field(min_length=1, max_length=MAX_BATCH)


class Receipt(BaseModel):
    client_id: UUID
    outcome: Outcome


class StatusOut(BaseModel):
    candidate_id: UUID
    application_id: UUID | None
    scheme_code: str
    ready: bool
    required: list[Module]
    completed: dict[str, date]
    missing: list[Module]


class CompletionOut(BaseModel):
    client_id: UUID
    scheme_code: str
    module_code: str
    completed_on: date
    provider_ref: str
    trainer_id: UUID
    recorded_at: datetime


class CandidateTrainingOut(BaseModel):
    candidate_id: UUID
    completions: list[CompletionOut]
    schemes: list[StatusOut]


class RowError(BaseModel):
    field: str  # rows[<row>].<column>, as in every error body
    reason: str
    reason_en: str
    # Of a row's problem; absent when the 422 refuses a parameter, not the file's rows.
    row: int | None = None
    column: str | None = None


class RowErrors(BaseModel):
    errors: list[RowError]


def status_out(status: CandidateStatus) -> StatusOut:
    return StatusOut(
        candidate_id=status.candidate_id,
        application_id=status.application_id,
        scheme_code=status.scheme_code,
        ready=status.ready,
        required=status.required,
        completed=status.completed,
        missing=status.missing,
    )
