"""What a candidate fills in: the application form (APL-01) and the self-assessment (APL-02).
Request bodies are these models, so unknown fields are refused (extra="forbid")."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from registration.catalogue.domain.cooperative_terms import CooperativeRole, OccupationalGroup
from registration.catalogue.domain.scheme_content import SCHEME_CODE
from registration.identity.domain.email_address import EmailAddress

Text = Field(min_length=1, max_length=200)


class Form(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Purpose(StrEnum):
    CERTIFICATION = "certification"
    RECERTIFICATION = "recertification"
    OTHER = "other"


class AdjustmentNeed(StrEnum):
    """Reasonable-adjustment needs as codes: assessment plans with these, never with a
    candidate's own words (which may describe their health)."""

    VISION = "vision"
    HEARING = "hearing"
    MOBILITY = "mobility"
    READING_WRITING = "reading_writing"
    LANGUAGE = "language"
    OTHER = "other"


class PersonalData(Form):
    full_name: str = Text
    nik: str = Field(pattern=r"^\d{16}$")
    birth_place: str = Text
    birth_date: date
    address: str = Field(min_length=1, max_length=500)
    phone: str = Field(pattern=r"^\+?[0-9]{8,15}$")
    email: EmailAddress


class Education(Form):
    level: Literal["SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
    institution: str = Text
    major: str | None = Field(default=None, max_length=200)
    graduation_year: int = Field(ge=1940, le=2100)


class Employment(Form):
    cooperative_id: UUID
    role: CooperativeRole
    occupational_group: OccupationalGroup
    position_title: str | None = Field(default=None, max_length=200)
    since_year: int | None = Field(default=None, ge=1940, le=2100)


class ApplicationForm(Form):
    """APL-01 (FR.APL.01)."""

    personal: PersonalData
    education: Education
    employment: Employment
    scheme_code: str = Field(pattern=SCHEME_CODE)
    scheme_version: int = Field(ge=1)
    purpose: Purpose
    purpose_note: str | None = Field(default=None, max_length=500)
    evidence_ids: list[UUID] = Field(default_factory=list, max_length=50)
    adjustment_needs: list[AdjustmentNeed] = Field(default_factory=list, max_length=6)
    adjustment_note: str | None = Field(default=None, max_length=1000)


class Judgement(Form):
    unit_code: str = Field(min_length=1, max_length=60)
    element_code: str = Field(min_length=1, max_length=60)
    judgement: Literal["K", "BK"]
    evidence_ids: list[UUID] = Field(default_factory=list, max_length=20)


class SelfAssessment(Form):
    """APL-02 (FR.APL.02): per unit and element, the candidate's own K/BK judgement."""

    judgements: list[Judgement] = Field(min_length=1, max_length=500)
