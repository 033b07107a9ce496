"""The judgement feature as the API and the process use it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.judgement.application.judge_units import JudgeUnits
from assessment.judgement.application.judgements_view import JudgementsView
from assessment.judgement.application.publish_when_over import PublishWhenOver
from assessment.judgement.application.report_findings import ReportFindings
from assessment.judgement.application.session_report import SessionReports
from assessment.judgement.domain.judgement import Judgement, UnitJudgement


@dataclass
class Judging:
    judge_units: JudgeUnits
    view: JudgementsView
    policy: PublishWhenOver
    reports: SessionReports
    findings: ReportFindings | None = None  # the AK.05 report drawn from the capture

    async def judge(
        self,
        attempt_id: UUID,
        units: list[UnitJudgement],
        feedback: str,
        by: UUID,
        lsp_id: UUID | None,
        is_admin: bool,
    ) -> Judgement:
        return await self.judge_units(attempt_id, units, feedback, by, lsp_id, is_admin)
