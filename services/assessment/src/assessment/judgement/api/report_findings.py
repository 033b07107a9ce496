"""GET /sessions/{id}/report/findings: what the assessor's capture says of each of their
candidates (an admin: every candidate), to write the AK.05 report from: the recommendation,
attendance, the criteria observed, the marks, what is still in conflict, and a suggested gap
per unit recommended BK, which `suggested_line` puts in the shape PUT /sessions/{id}/report
takes. The capture's rules on who reads: another session's assessor 403, another LSP's 404."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assessment.api.access import Runner
from assessment.api.root import Service
from assessment.capture.application.record_capture import Recorder
from assessment.capture.domain.capture_record import Observed, Presence
from assessment.judgement.application.report_findings import CandidateFindings
from assessment.judgement.domain.judgement import Outcome
from assessment.judgement.domain.report_prefill import NotYet
from kompeten_contracts.roles import Role

router = APIRouter(tags=["judgement"])


class SuggestedLine(BaseModel):
    attempt_id: UUID
    gaps: dict[str, str]
    note: str = ""


class CandidateFindingsOut(BaseModel):
    attempt_id: UUID
    candidate_id: UUID
    overall: Outcome | None = Field(description="null until the recommendation is published")
    units_not_yet: list[str] = Field(description="the units recommended BK")
    presence: Presence | None
    identity_checked: bool
    observed: dict[Observed, int] = Field(description="criteria observed, by outcome")
    not_yet: list[NotYet] = Field(description="criteria observed as not yet competent")
    essay_marks: dict[str, int]
    oral_marks: dict[str, int]
    conflicts: int = Field(description="subjects two devices edited: settle them in capture")
    settled: bool
    suggested_line: SuggestedLine | None = Field(
        description="the candidate's line for PUT /sessions/{id}/report, gaps pre-filled from "
        "the criteria not yet competent; null until the recommendation is published"
    )


class FindingsOut(BaseModel):
    session_id: UUID
    candidates: list[CandidateFindingsOut]


def candidate_out(found: CandidateFindings) -> CandidateFindingsOut:
    findings, recommended = found.findings, found.recommended
    observed = {o: 0 for o in Observed}
    for outcome in findings.observations().values():
        observed[outcome] += 1
    return CandidateFindingsOut(
        attempt_id=found.assignment.attempt_id,
        candidate_id=found.assignment.candidate_id,
        overall=recommended.overall if recommended else None,
        units_not_yet=recommended.not_yet_competent if recommended else [],
        presence=findings.presence,
        identity_checked=findings.identity_checked,
        observed=observed,
        not_yet=found.not_yet,
        essay_marks=findings.essay_marks(),
        oral_marks=findings.oral_marks(),
        conflicts=len(findings.conflicts),
        settled=findings.settled,
        suggested_line=SuggestedLine(attempt_id=found.assignment.attempt_id, gaps=found.suggested)
        if recommended
        else None,
    )


@router.get("/sessions/{session_id}/report/findings", response_model=FindingsOut)
async def findings(session_id: UUID, service: Service, staff: Runner) -> FindingsOut:
    by = Recorder(staff.account_id, staff.lsp_id, staff.role is Role.LSP_ADMIN)
    feature = service.judgement().findings
    assert feature is not None, "wired by the composition root"
    found = await feature.of(session_id, by)
    return FindingsOut(session_id=session_id, candidates=[candidate_out(f) for f in found])
