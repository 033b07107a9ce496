"""The assessor's report to the test site's head (FR.AK.05): drafted and submitted by an
assessor of the session once the recommendations are published, read by the session's
assessors, the LSP's admins and the heads of the session's test site (submitted versions only:
the draft is the assessor's working copy). What it says of each candidate is sealed under their
key (report_notes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.judgement.application.report_notes import LineText, ReportNotes
from assessment.judgement.domain.judgement import Outcome
from assessment.judgement.domain.report import (
    CandidateLine,
    Recommended,
    Report,
    ReportEvent,
    SessionNotes,
    WriteReport,
    decide_draft,
    decide_submit,
)
from assessment.judgement.domain.report import evolve as evolve_report
from assessment.planning.application.session_audience import SiteHeads
from assessment.planning.domain.session import Session
from assessment.shared.application.repositories import Judgements, Reports, Sessions
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import conflict, forbidden, not_found

REPORT = Race(
    "session_id",
    "laporan sedang diubah bersamaan; coba lagi",
    "the report is being changed concurrently; retry",
)


@dataclass(frozen=True)
class Reader:
    account_id: UUID
    lsp_id: UUID | None
    is_assessor: bool  # an assessor reads (and writes) only their own sessions' reports
    is_site_head: bool = False  # a site head reads only the reports of their sites' sessions


@dataclass
class SessionReports:
    reports: Reports
    sessions: Sessions
    judgements: Judgements
    clock: Callable[[], datetime]
    site_heads: SiteHeads
    notes: ReportNotes | None = None  # seals each candidate's text; without it: in the clear

    async def write(
        self,
        session_id: UUID,
        lines: list[CandidateLine],
        notes: SessionNotes,
        correction_reason: str | None,
        by: Reader,
    ) -> Report:
        session = await self._session(session_id, by)
        attempts = frozenset(a.attempt_id for a in session.assignments)
        recommendations = await self.recommendations(session)

        async def attempt() -> Report:
            loaded = await self.reports.load(session_id)
            held = await self.notes.in_clear(loaded.state) if self.notes else loaded.state
            command = WriteReport(
                session_id=session_id,
                candidates=lines,
                notes=notes,
                correction_reason=correction_reason,
                by=by.account_id,
                at=self.clock(),
            )
            events = decide_draft(held, command, attempts, recommendations)
            if self.notes is not None:
                events = [await self.notes.sealed(e) for e in events]
            await self.reports.append(session_id, loaded.version, events, actor=by.account_id)
            return _folded(loaded.state, events)

        return await on_fresh_state(attempt, REPORT)

    async def submit(self, session_id: UUID, version: int, by: Reader) -> Report:
        session = await self._session(session_id, by)
        attempts = frozenset(a.attempt_id for a in session.assignments)

        async def attempt() -> Report:
            loaded = await self.reports.load(session_id)
            events = decide_submit(loaded.state, version, attempts, by.account_id, self.clock())
            await self.reports.append(session_id, loaded.version, events, actor=by.account_id)
            return _folded(loaded.state, events)

        return await on_fresh_state(attempt, REPORT)

    async def read(self, session_id: UUID, by: Reader) -> Report:
        await self._session(session_id, by)
        report = (await self.reports.load(session_id)).state
        if not by.is_assessor:
            report = Report(versions=report.versions)
        if report.draft is None and not report.versions:
            raise not_found("report", "laporan belum diserahkan", "no report submitted yet")
        return report

    async def texts(
        self, session_id: UUID, report: Report, reader: UUID, role: str
    ) -> dict[str, LineText]:
        """Each candidate's sealed text in `report`, opened for `reader` (who may read the
        report: checked by write, submit or read), every reading recorded."""
        if self.notes is None:
            return {}
        return await self.notes.opened(session_id, report, reader, role)

    async def recommendations(self, session: Session) -> dict[UUID, Recommended]:
        found: dict[UUID, Recommended] = {}
        for assignment in session.assignments:
            published = (await self.judgements.load(assignment.attempt_id)).state.published
            if published is not None:
                found[assignment.attempt_id] = Recommended(
                    attempt_id=assignment.attempt_id,
                    candidate_id=published.candidate_id,
                    overall=published.overall,
                    not_yet_competent=[
                        u.unit_code
                        for u in published.units
                        if u.outcome is Outcome.NOT_YET_COMPETENT
                    ],
                )
        return found

    async def _session(self, session_id: UUID, by: Reader) -> Session:
        session = (await self.sessions.load(session_id)).state
        if session.plan is None or session.plan.lsp_id != by.lsp_id:
            raise not_found("session_id", "sesi tidak ditemukan", "no such session")
        if by.is_assessor and by.account_id not in session.plan.assessor_ids:
            raise forbidden(
                "session_id", "bukan asesor sesi ini", "not an assessor of this session"
            )
        if by.is_site_head and by.account_id not in await self.site_heads.heads(
            session.plan.site_id, by.lsp_id
        ):
            raise forbidden("session_id", "bukan kepala TUK tempat sesi ini",
                            "not a head of this session's test site")  # fmt: skip
        if session.cancelled:
            raise conflict("session_id", "sesi dibatalkan", "the session was cancelled")
        return session


def _folded(state: Report, events: Sequence[ReportEvent]) -> Report:
    for event in events:
        state = evolve_report(state, event)
    return state
