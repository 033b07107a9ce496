"""The exams feature as the API and the process use it: the phone's reads (its own attempts
listed, each attempt's package, code and state), recording answers, and the finaliser that
scores attempts when their time is up."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.exams.application.exam_views import ExamViews
from assessment.exams.application.ports import CandidateExam, CandidateExams
from assessment.exams.application.record_answers import RecordAnswers, Recorded
from assessment.exams.application.roster import SessionRoster
from assessment.exams.application.score_due import ScoreDueAttempts
from assessment.exams.domain.attempt import AnswerRecord


@dataclass
class Exams:
    views: ExamViews
    recorder: RecordAnswers
    scoring: ScoreDueAttempts
    roster: SessionRoster
    listed: CandidateExams

    async def record(
        self,
        attempt_id: UUID,
        candidate_id: UUID | None,
        records: list[AnswerRecord],
        written_through: int,
        finished: bool = False,
    ) -> Recorded:
        return await self.recorder(attempt_id, candidate_id, records, written_through, finished)

    async def of_candidate(self, candidate_id: UUID | None) -> list[CandidateExam]:
        return [] if candidate_id is None else await self.listed.of_candidate(candidate_id)
