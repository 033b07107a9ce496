"""The capture feature as the API and other features use it: recording the tablet's batches,
reading them back (session, candidate, judgement's findings) and the roster's overview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from assessment.capture.application.capture_views import CaptureViews
from assessment.capture.application.record_capture import RecordCapture, Recorded, Recorder
from assessment.capture.domain.capture_record import CaptureRecord
from assessment.capture.domain.findings import Findings, findings_of
from assessment.planning.domain.session import Assignment


class CaptureOverview(Protocol):
    async def of_candidates(
        self, session_id: UUID, candidate_ids: list[UUID]
    ) -> dict[UUID, Findings]:
        """The findings of each candidate from the read model (it follows the log)."""
        ...


@dataclass
class Capture:
    recorder: RecordCapture
    views: CaptureViews
    overview: CaptureOverview

    async def record(
        self, session_id: UUID, by: Recorder, records: list[CaptureRecord]
    ) -> Recorded:
        return await self.recorder(session_id, by, records)

    async def findings(self, session_id: UUID, candidate_id: UUID) -> Findings:
        return await self.views.findings(session_id, candidate_id)

    async def overview_of(
        self, session_id: UUID, by: Recorder
    ) -> list[tuple[Assignment, Findings]]:
        """The roster: per visible candidate, from the read model (it may lag a batch)."""
        assignments = await self.views.visible(session_id, by)
        ids = [a.candidate_id for a in assignments]
        found = await self.overview.of_candidates(session_id, ids)
        return [
            (a, found.get(a.candidate_id, findings_of(a.candidate_id, []))) for a in assignments
        ]
