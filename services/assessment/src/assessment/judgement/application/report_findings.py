"""The AK.05 report drawn from the capture: per candidate the caller may see (an assessor their
own candidates, an admin every one; capture's rule), the published recommendation, attendance,
the criteria observed (how many competent, not yet, not observed; which not yet, with notes),
the essay and oral marks, what is still in conflict, and a suggested gap per unit recommended
BK (judgement.domain.report_prefill). Read from the capture streams (never stale); nothing is
written: the assessor sends the draft (PUT /sessions/{id}/report) as they edit it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from assessment.capture.application.record_capture import Recorder
from assessment.capture.domain.capture_record import Kind, Observed
from assessment.capture.domain.findings import Findings
from assessment.judgement.application.session_report import SessionReports
from assessment.judgement.domain.report import Recommended
from assessment.judgement.domain.report_prefill import NotYet, criterion_of, suggested_gaps
from assessment.planning.domain.session import Assignment


class VisibleCapture(Protocol):
    async def visible(self, session_id: UUID, by: Recorder) -> list[Assignment]: ...

    async def findings(self, session_id: UUID, candidate_id: UUID) -> Findings: ...


@dataclass(frozen=True)
class CandidateFindings:
    assignment: Assignment
    recommended: Recommended | None  # None: not published yet (the report cannot name them)
    findings: Findings
    not_yet: list[NotYet]
    suggested: dict[str, str]  # unit recommended BK -> a suggested gap


def not_yet_of(findings: Findings) -> list[NotYet]:
    found = []
    for subject, record in findings.of(Kind.OBSERVATION).items():
        where = criterion_of(subject)
        if record.outcome is Observed.NOT_YET and where is not None:
            found.append(NotYet(unit_code=where[0], criterion=where[1], note=record.text or ""))
    return found


@dataclass
class ReportFindings:
    capture: VisibleCapture
    reports: SessionReports

    async def of(self, session_id: UUID, by: Recorder) -> list[CandidateFindings]:
        assignments = await self.capture.visible(session_id, by)  # 404 / 403 as capture's
        session = (await self.reports.sessions.load(session_id)).state
        recommendations = await self.reports.recommendations(session)
        found = []
        for assignment in assignments:
            findings = await self.capture.findings(session_id, assignment.candidate_id)
            recommended = recommendations.get(assignment.attempt_id)
            not_yet = not_yet_of(findings)
            suggested = (
                suggested_gaps(recommended.not_yet_competent, not_yet) if recommended else {}
            )
            found.append(CandidateFindings(assignment, recommended, findings, not_yet, suggested))
        return found
