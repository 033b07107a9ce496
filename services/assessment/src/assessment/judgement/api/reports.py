"""FR.AK.05, the assessor's report to the head of the test site, per session: the session's
assessor drafts it (PUT) once the recommendations are published and submits it as a version
(POST); a submitted version never changes, a correction is the next version with its reason.
The session's assessors, the LSP's admins and the heads of the session's test site (appointed
with PUT /sites/{id}/heads) read the versions. What it says of each candidate (gaps, note) is
kept sealed under the candidate's key and opened per reading (recorded), `text_status` saying
when it cannot be (erased); the session's notes are about the hall and kept as written."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from assessment.api.access import SessionStaff
from assessment.api.root import Service
from assessment.bootstrap import AssessmentService
from assessment.judgement.application.report_notes import LineText, TextStatus, line_text
from assessment.judgement.application.session_report import Reader
from assessment.judgement.domain.judgement import Outcome
from assessment.judgement.domain.report import (
    CandidateLine,
    CandidateReport,
    Report,
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
    """The session's notes: about the hall, the site, the instruments; kept as written, so they
    name no candidate (what concerns one goes on their line, which is sealed)."""

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


class CandidateReportOut(BaseModel):
    attempt_id: UUID
    candidate_id: UUID
    overall: Outcome
    gaps: dict[str, str] = Field(description="empty when erased or not readable now")
    note: str
    text_status: TextStatus = Field(
        description="shown; erased (the candidate's data was erased at their request); "
        "unavailable (the key store did not answer: try again)"
    )


class DraftOut(BaseModel):
    candidates: list[CandidateReportOut]
    notes: SessionNotes
    correction_reason: str | None
    written_by: UUID
    written_at: datetime


class VersionOut(BaseModel):
    session_id: UUID
    version: int
    candidates: list[CandidateReportOut]
    notes: SessionNotes
    correction_reason: str | None
    submitted_by: UUID
    submitted_at: datetime


class ReportOut(BaseModel):
    session_id: UUID
    versions: list[VersionOut]  # every submitted version, oldest first
    draft: DraftOut | None  # the assessors' working copy (not shown to the site head or admin)


def lines_out(lines: list[CandidateReport], texts: dict[str, LineText]) -> list[CandidateReportOut]:
    out = []
    for line in lines:
        text = line_text(line, texts)
        out.append(CandidateReportOut(
            **line.model_dump(include={"attempt_id", "candidate_id", "overall"}),
            gaps=text.gaps, note=text.note, text_status=text.status,
        ))  # fmt: skip
    return out


async def report_out(
    service: AssessmentService, session_id: UUID, report: Report, who: Principal
) -> ReportOut:
    """The report with each candidate's text opened for `who` (every reading recorded)."""
    texts = await service.judgement().reports.texts(
        session_id, report, who.account_id, who.role.value
    )
    draft = report.draft
    return ReportOut(
        session_id=session_id,
        versions=[
            VersionOut(
                **v.model_dump(exclude={"candidates"}), candidates=lines_out(v.candidates, texts)
            )
            for v in report.versions
        ],
        draft=DraftOut(
            **draft.model_dump(exclude={"session_id", "candidates"}),
            candidates=lines_out(draft.candidates, texts),
        )
        if draft
        else None,
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
    return await report_out(service, session_id, report, who)


@router.post("/sessions/{session_id}/report/submission", response_model=ReportOut)
async def submit(session_id: UUID, body: SubmissionIn, service: Service, who: Writer) -> ReportOut:
    report = await service.judgement().reports.submit(session_id, body.version, reader(who))
    return await report_out(service, session_id, report, who)


@router.get("/sessions/{session_id}/report", response_model=ReportOut)
async def read(session_id: UUID, service: Service, who: SessionStaff) -> ReportOut:
    report = await service.judgement().reports.read(session_id, reader(who))
    return await report_out(service, session_id, report, who)
