"""A candidate's preparation before the assessment: the session's assessor records the
pre-assessment consultation and the reasonable adjustments (FR.AK.07) for the needs the
application named, and signs FR.AK.01; the candidate signs it on their phone (their own
attempt only; any other id is not found). Answers are taken once both have signed. The record
(needs, consultation) is read by those who see the session's people (planning.domain.audience):
its assessors, the heads of its site, the LSP's admins; others of the LSP get 403."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from assessment.api.access import Examinee, SessionStaff
from assessment.api.root import Service
from assessment.planning.application.prepare_candidate import Who
from assessment.planning.application.session_audience import Viewer
from assessment.planning.domain.consent_terms import TERMS_VERSION
from assessment.planning.domain.preparation import Adjustment, Party, Preparation
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["preparation"])
Assessor = Annotated[Principal, Depends(require_roles(Role.ASSESSOR))]


class ConsultationIn(BaseModel):
    held_on: date
    notes: str = Field(min_length=1, max_length=2000)
    agreed: list[str] = Field(default=[], max_length=20)


class AdjustmentIn(BaseModel):
    need: str = Field(min_length=1, max_length=40, description="a need the application named")
    action: str = Field(min_length=1, max_length=500, description="what the assessor will do")


class AdjustmentsIn(BaseModel):
    adjustments: list[AdjustmentIn] = Field(max_length=10)


class ConsentIn(BaseModel):
    terms_version: str = Field(
        min_length=1, max_length=40, description="the version of the FR.AK.01 terms shown"
    )


class ConsultationOut(BaseModel):
    held_on: date
    notes: str
    agreed: list[str]


class ConsentOut(BaseModel):
    attempt_id: UUID
    terms_version: str
    candidate_signed_at: datetime | None
    assessor_signed_at: datetime | None
    complete: bool = Field(description="signed by both: answers are accepted")


class PreparationOut(ConsentOut):
    needs: list[str] = Field(description="the adjustment needs the application named")
    consultation: ConsultationOut | None
    adjustments: list[AdjustmentIn]


def consent_out(attempt_id: UUID, state: Preparation) -> ConsentOut:
    signed = state.signatures
    return ConsentOut(
        attempt_id=attempt_id,
        terms_version=TERMS_VERSION,
        candidate_signed_at=s.signed_at if (s := signed.get(Party.CANDIDATE)) else None,
        assessor_signed_at=s.signed_at if (s := signed.get(Party.ASSESSOR)) else None,
        complete=state.consented,
    )


async def preparation_out(
    service: Service, attempt_id: UUID, who: Who, viewer: Viewer | None = None
) -> PreparationOut:
    """`viewer`: a reader, who must be one who sees the session's people (the needs and the
    consultation are the candidate's personal data): 403 otherwise, before anything is shown."""
    context = await service.planning().preparation.context(attempt_id, who)
    if viewer is not None:
        assert context.session.plan is not None
        await service.planning().people().require_people(context.session.plan, viewer)
    state = context.preparation.state
    consultation = state.consultation
    return PreparationOut(
        **consent_out(attempt_id, state).model_dump(),
        needs=list(context.facts.needs),
        consultation=ConsultationOut(**consultation.model_dump()) if consultation else None,
        adjustments=[
            AdjustmentIn(**a.model_dump())
            for a in (state.adjustments.adjustments if state.adjustments else [])
        ],
    )


def staff_who(staff: Principal) -> Who:
    return Who(by=staff.account_id, lsp_id=staff.lsp_id)


@router.get("/attempts/{attempt_id}/preparation", response_model=PreparationOut)
async def get_preparation(
    attempt_id: UUID, service: Service, staff: SessionStaff
) -> PreparationOut:
    viewer = Viewer(staff.account_id, staff.role)
    return await preparation_out(service, attempt_id, staff_who(staff), viewer)


@router.put("/attempts/{attempt_id}/consultation", response_model=PreparationOut)
async def record_consultation(
    attempt_id: UUID, body: ConsultationIn, service: Service, assessor: Assessor
) -> PreparationOut:
    who = staff_who(assessor)
    await service.planning().preparation.consultation(
        attempt_id, who, body.held_on, body.notes, body.agreed
    )
    return await preparation_out(service, attempt_id, who)


@router.put("/attempts/{attempt_id}/adjustments", response_model=PreparationOut)
async def plan_adjustments(
    attempt_id: UUID, body: AdjustmentsIn, service: Service, assessor: Assessor
) -> PreparationOut:
    who = staff_who(assessor)
    planned = [Adjustment(**a.model_dump()) for a in body.adjustments]
    await service.planning().preparation.adjustments(attempt_id, who, planned)
    return await preparation_out(service, attempt_id, who)


@router.post("/attempts/{attempt_id}/consent", response_model=ConsentOut)
async def assessor_consent(
    attempt_id: UUID, body: ConsentIn, service: Service, assessor: Assessor
) -> ConsentOut:
    state = await service.planning().preparation.consent(
        attempt_id, staff_who(assessor), Party.ASSESSOR, body.terms_version
    )
    return consent_out(attempt_id, state)


@router.post("/exams/{attempt_id}/consent", response_model=ConsentOut)
async def candidate_consent(
    attempt_id: UUID, body: ConsentIn, service: Service, me: Examinee
) -> ConsentOut:
    who = Who(by=me.candidate_id or me.account_id, candidate_id=me.candidate_id, as_candidate=True)
    state = await service.planning().preparation.consent(
        attempt_id, who, Party.CANDIDATE, body.terms_version
    )
    return consent_out(attempt_id, state)
