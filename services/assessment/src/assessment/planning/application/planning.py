"""Planning's commands and its one query, as the API calls them: an LSP's staff reach their
LSP's sessions only (another LSP's session is not found, never forbidden)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.planning.application.assign_candidates import AssignCandidates, session_not_found
from assessment.planning.application.change_session import ChangeSession
from assessment.planning.application.close_session import CloseSession
from assessment.planning.application.ports import (
    AssessorSession,
    AssessorSessions,
    ListedSession,
    SessionFilter,
    SessionListing,
)
from assessment.planning.application.prepare_candidate import PrepareCandidate
from assessment.planning.application.schedule_session import ScheduleSession
from assessment.planning.application.session_audience import SessionAudience
from assessment.planning.application.session_plan import SessionPlan
from assessment.planning.application.set_assessment_plan import SetAssessmentPlan
from assessment.planning.application.start_exam import StartExam
from assessment.planning.domain.session import Assignment, ExamStarted, Session
from assessment.shared.application.repositories import Sessions


@dataclass
class Planning:
    sessions: Sessions
    scheduler: ScheduleSession
    assigner: AssignCandidates
    starter: StartExam
    closer: CloseSession
    changes: ChangeSession  # reschedule, cancel
    plans: SetAssessmentPlan  # FR.MAPA.01
    preparation: PrepareCandidate  # consultation, FR.AK.07, FR.AK.01 per attempt
    listed: AssessorSessions | None = None  # an assessor's own sessions (their tablet's list)
    board: SessionListing | None = None  # the LSP's sessions (its planning board)
    audience: SessionAudience | None = None  # who sees a session's candidates' personal data

    async def schedule(self, plan: SessionPlan, lsp_id: UUID | None, by: UUID) -> UUID:
        return await self.scheduler(plan, lsp_id, by)

    async def assign(
        self, session_id: UUID, application_ids: list[UUID], lsp_id: UUID | None, by: UUID
    ) -> list[Assignment]:
        return await self.assigner(session_id, application_ids, lsp_id, by)

    async def start(
        self,
        session_id: UUID,
        lsp_id: UUID | None,
        by: UUID,
        is_admin: bool,
        started_at: datetime | None = None,
    ) -> ExamStarted:
        return await self.starter(session_id, lsp_id, by, is_admin, started_at)

    async def close(self, session_id: UUID, lsp_id: UUID | None, by: UUID, is_admin: bool) -> None:
        await self.closer(session_id, lsp_id, by, is_admin)

    async def of_assessor(
        self, assessor_id: UUID, lsp_id: UUID | None, ending_after: datetime
    ) -> list[AssessorSession]:
        assert self.listed is not None, "wired by the composition root"
        return await self.listed.of_assessor(assessor_id, lsp_id, ending_after)

    async def of_lsp(self, lsp_id: UUID | None, which: SessionFilter) -> list[ListedSession]:
        assert self.board is not None, "wired by the composition root"
        return await self.board.of_lsp(lsp_id, which)

    def people(self) -> SessionAudience:
        assert self.audience is not None, "wired by the composition root"
        return self.audience

    async def session_of(self, session_id: UUID, lsp_id: UUID | None) -> Session:
        state = (await self.sessions.load(session_id)).state
        if state.plan is None or state.plan.lsp_id != lsp_id:
            raise session_not_found()
        return state
