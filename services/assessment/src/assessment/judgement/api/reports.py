"""FR.AK.05, the assessor's report to the head of the test site, per session: the session's
assessor drafts it (PUT) once the recommendations are published and submits it as a version
(POST); a submitted version never changes, a correction is the next version with its reason.
The session's assessors, the LSP's admins and the heads of the session's test site (appointed
with PUT /sites/{id}/heads) read the versions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from assessment.api.access import SessionStaff
from assessment.api.root import Service
from assessment.judgement.application.session_report import Reader
from assessment.judgement.domain.report import (
    CandidateLine,
    CandidateReport,
    Report,
    ReportSubmitted,
    SessionNotes,
)
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["judgement"])
Writer = Annotated[Principal, Depends(require_roles(Role.ASSESSOR))]


class CandidateLineIn(BaseModel):
    attempt_id: UUID
    gaps: dict[str, Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=dict,
        max_length=50,
        description="per unit recommended BK (its code): the gap still to close",
    )
    note: str = Field(default="", max_length=2000)


class NotesIn(BaseModel):
    went_well: str = Field(min_length=1, max_length=4000)
    site_issues: str = Field(
        default="", max_length=4000, description="site, equipment, instruments"
    )
    suggestions: str = Field(default="", max_length=4000)


class ReportIn(BaseModel):
    candidates: list[CandidateLineIn] = Field(max_length=2000)
    notes: NotesIn
    correction_reason: str | None = Field(
        default=None, max_length=2000, description="required once a version is submitted"
    )


class SubmissionIn(BaseModel):
    version: int = Field(ge=1, le=1000, description="the version this submits: the next one")


class DraftOut(BaseModel):
    candidates: list[CandidateReport]
    notes: SessionNotes
    correction_reason: str | None
    written_by: UUID
    written_at: datetime


class ReportOut(BaseModel):
    session_id: UUID
    versions: list[ReportSubmitted]  # every submitted version, oldest first
    draft: DraftOut | None  # the assessors' working copy (not shown to the site head or admin)


def report_out(session_id: UUID, report: Report) -> ReportOut:
    draft = report.draft
    return ReportOut(
        session_id=session_id,
        versions=list(report.versions),
        draft=DraftOut(**draft.model_dump(exclude={"session_id"})) if draft else None,
    )


def reader(who: Principal) -> Reader:
    return Reader(
        who.account_id, who.lsp_id, who.role is Role.ASSESSOR, who.role is Role.TEST_SITE_HEAD
    )


@router.put("/sessions/{session_id}/report", response_model=ReportOut)
async def write(session_id: UUID, body: ReportIn, service: Service, who: Writer) -> ReportOut:
    lines = [CandidateLine(**line.model_dump()) for line in body.candidates]
    notes = SessionNotes(**body.notes.model_dump())
    report = await service.judgement().reports.write(
        session_id, lines, notes, body.correction_reason, reader(who)
    )
    return report_out(session_id, report)


@router.post("/sessions/{session_id}/report/submission", response_model=ReportOut)
async def submit(session_id: UUID, body: SubmissionIn, service: Service, who: Writer) -> ReportOut:
    report = await service.judgement().reports.submit(session_id, body.version, reader(who))
    return report_out(session_id, report)


@router.get("/sessions/{session_id}/report", response_model=ReportOut)
async def read(session_id: UUID, service: Service, who: SessionStaff) -> ReportOut:
    report = await service.judgement().reports.read(session_id, reader(who))
    return report_out(session_id, report)
