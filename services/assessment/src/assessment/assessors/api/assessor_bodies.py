"""What assessors' API takes and answers: bodies checked at the edge (types, sizes), the
domain (assessors.domain.assessor) checks the rest; relations and trainings are shown to the
LSP's admins and to the assessor themself only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from assessment.assessors.domain.assessor import Assessor
from assessment.assessors.domain.assessor_events import Relation, RelationKind
from assessment.shared.domain.codes import DISTRICT_CODE

Codes = list[Annotated[str, Field(max_length=80)]]


class RegisterAssessorBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: UUID = Field(description="the assessor's staff account (role assessor)")
    met_number: str = Field(max_length=80, examples=["MET.000.001234 2019"])
    licence_valid_until: date
    scheme_codes: Codes = Field(max_length=100, examples=[["KOP-KASIR"]])
    district_code: str = Field(pattern=DISTRICT_CODE)
    cooperative_id: UUID | None = Field(default=None, description="their own employer, if any")


class SchemesBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scheme_codes: Codes = Field(max_length=100)


class RelationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: RelationKind
    candidate_id: UUID | None = None
    cooperative_id: UUID | None = None


class UnavailabilityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dates: list[date] = Field(max_length=400)


class AssessorOut(BaseModel):
    assessor_id: UUID
    lsp_id: UUID | None
    met_number: str
    licence_valid_until: date
    scheme_codes: list[str]
    district_code: str
    cooperative_id: UUID | None
    unavailable: list[date]
    registered_at: datetime
    # For the LSP's admins and the assessor themself only.
    relations: list[Relation] | None = None
    trained: list[UUID] | None = None


def out(state: Assessor, full: bool) -> AssessorOut:
    assert state.registered is not None
    r = state.registered
    out = AssessorOut(
        assessor_id=r.assessor_id, lsp_id=r.lsp_id, met_number=r.met_number,
        licence_valid_until=r.licence_valid_until, scheme_codes=sorted(state.scheme_codes),
        district_code=r.district_code, cooperative_id=r.cooperative_id,
        unavailable=sorted(state.unavailable), registered_at=r.at,
    )  # fmt: skip
    if full:
        out.relations, out.trained = list(state.relations), sorted(state.trained, key=str)
    return out
