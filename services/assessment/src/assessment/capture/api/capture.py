"""Offline capture: the assessor's tablet sends its records (attendance, observations per
criterion, interview notes, essay and oral marks, notes, evidence photo references) as it can;
each is applied exactly once and answered with a receipt; the tablet reads the records back as
the server holds them, conflicts included. The session's assessors (their own candidates) and
its LSP's admins (all candidates); another LSP's session is not found."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter

from assessment.api.access import Runner
from assessment.api.root import Service
from assessment.capture.api.capture_bodies import (
    CandidateOut,
    CaptureIn,
    ReceiptOut,
    RecordedOut,
    RosterRow,
    SessionCaptureOut,
    candidate_out,
)
from assessment.capture.application.record_capture import CandidateCapture, Recorder
from assessment.capture.domain.findings import held_through
from kompeten_contracts.roles import Role
from servicekit.auth import Principal

router = APIRouter(tags=["capture"])


def recorder(staff: Principal) -> Recorder:
    return Recorder(staff.account_id, staff.lsp_id, staff.role is Role.LSP_ADMIN)


def session_out(
    session_id: UUID, captures: list[CandidateCapture], now: datetime
) -> SessionCaptureOut:
    records = [r for c in captures for r in c.captured.records.values()]
    return SessionCaptureOut(
        session_id=session_id,
        server_now=now,
        held_through=held_through(records),
        candidates=[candidate_out(c) for c in captures],
    )


@router.post("/sessions/{session_id}/capture", response_model=RecordedOut)
async def post_capture(
    session_id: UUID, body: CaptureIn, service: Service, staff: Runner
) -> RecordedOut:
    recorded = await service.capture().record(
        session_id, recorder(staff), [r.record() for r in body.records]
    )
    receipts = [ReceiptOut(record_id=r.record_id, candidate_id=r.candidate_id, outcome=r.outcome)
                for r in recorded.receipts]  # fmt: skip
    return RecordedOut(
        session_id=session_id,
        server_now=recorded.server_now,
        receipts=receipts,
        candidates=[candidate_out(c) for c in recorded.captured],
    )


@router.get("/sessions/{session_id}/capture", response_model=SessionCaptureOut)
async def get_capture(session_id: UUID, service: Service, staff: Runner) -> SessionCaptureOut:
    captures = await service.capture().views.of_session(session_id, recorder(staff))
    return session_out(session_id, captures, service.now())


@router.get("/sessions/{session_id}/capture/roster", response_model=list[RosterRow])
async def get_roster(session_id: UUID, service: Service, staff: Runner) -> list[RosterRow]:
    rows = await service.capture().overview_of(session_id, recorder(staff))
    return [
        RosterRow(
            candidate_id=a.candidate_id,
            assessor_id=a.assessor_id,
            presence=f.presence,
            identity_checked=f.identity_checked,
            criteria_observed=f.criteria_observed,
            conflicts=len(f.conflicts),
            waiting=f.waiting,
            records=f.records,
        )
        for a, f in rows
    ]


@router.get("/sessions/{session_id}/capture/{candidate_id}", response_model=CandidateOut)
async def get_candidate_capture(
    session_id: UUID, candidate_id: UUID, service: Service, staff: Runner
) -> CandidateOut:
    capture = await service.capture().views.of_candidate(session_id, candidate_id, recorder(staff))
    return candidate_out(capture)
