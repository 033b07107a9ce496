"""What the tablet and judgement read of the captured records, from the streams themselves (so
a tablet resyncing right after a batch sees it): a session's records for its assessor (their
own candidates) or its LSP's admin (all of them), one candidate's, and the findings judgement
decides on."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

from assessment.capture.application.record_capture import CandidateCapture, Recorder, session_for
from assessment.capture.domain.findings import Findings, findings_of
from assessment.capture.domain.recorders import check_reader, mine
from assessment.planning.domain.session import Assignment
from assessment.shared.application.repositories import Captures, Sessions
from kompeten_contracts.errors import not_found

LOADS_AT_ONCE = 8  # streams loaded concurrently for one session's view


@dataclass
class CaptureViews:
    sessions: Sessions
    captures: Captures

    async def visible(self, session_id: UUID, by: Recorder) -> list[Assignment]:
        """The assignments whose records the caller sees: an assessor's own, all for an admin."""
        session = await session_for(self.sessions, session_id, by.lsp_id)
        check_reader(session, by.account_id, by.is_admin)
        visible = set(mine(session, by.account_id, by.is_admin))
        return [a for a in session.assignments if a.candidate_id in visible]

    async def of_session(self, session_id: UUID, by: Recorder) -> list[CandidateCapture]:
        assignments = await self.visible(session_id, by)
        limit = asyncio.Semaphore(LOADS_AT_ONCE)

        async def one(assignment: Assignment) -> CandidateCapture:
            async with limit:
                return await self._capture(session_id, assignment)

        return list(await asyncio.gather(*(one(a) for a in assignments)))

    async def of_candidate(
        self, session_id: UUID, candidate_id: UUID, by: Recorder
    ) -> CandidateCapture:
        session = await session_for(self.sessions, session_id, by.lsp_id)
        check_reader(session, by.account_id, by.is_admin)
        assignment = session.assigned(candidate_id)
        if assignment is None or candidate_id not in mine(session, by.account_id, by.is_admin):
            raise not_found(
                "candidate_id",
                "peserta tidak ditugaskan kepada Anda di sesi ini",
                "no such candidate of yours in this session",
            )
        return await self._capture(session_id, assignment)

    async def findings(self, session_id: UUID, candidate_id: UUID) -> Findings:
        """For judgement (no caller check: judgement checks its own): what the records of the
        candidate in the session say, per subject the record that counts, and what is open."""
        captured = (await self.captures.load((session_id, candidate_id))).state
        return findings_of(candidate_id, captured.records.values())

    async def _capture(self, session_id: UUID, assignment: Assignment) -> CandidateCapture:
        loaded = await self.captures.load((session_id, assignment.candidate_id))
        return CandidateCapture(assignment, loaded.state)
