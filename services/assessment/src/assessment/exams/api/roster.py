"""GET /sessions/{id}/roster: the assessor's live view of the hall (who is writing, who has
everything sent, who has gone quiet, who was never heard) with each candidate's name to check
identity at the door, for the session's assessors, the heads of its test site and the LSP admin
(of the session's LSP: another LSP's session is 404). An assessor of another session is refused
before anything is read; a head of another of the LSP's sites gets the hall's state without the
names (`name_status` "withheld": nothing opened, nothing recorded; the phones' states are no
one's personal data, and a site head may stand in for another's hall's logistics); each name
opened is recorded as read by the caller."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assessment.api.access import SessionStaff
from assessment.api.root import Service
from assessment.exams.application.roster import PhoneState, RosterLine
from assessment.names.application.candidate_names import CandidateName, NameStatus
from assessment.planning.application.session_audience import Viewer
from kompeten_contracts.errors import forbidden
from kompeten_contracts.roles import Role

router = APIRouter(tags=["exams"])


class RosterLineOut(BaseModel):
    candidate_id: UUID
    name: str | None = Field(description="As on the accepted APL-01; null when not shown")
    name_status: NameStatus
    name_label: str = Field(description="What to show: the name, or why there is none")
    attempt_id: UUID
    assessor_id: UUID
    state: PhoneState
    last_heard: datetime | None
    answered: int
    questions: int
    held_through: int
    written_through: int
    refused: int
    scored: bool


class RosterOut(BaseModel):
    session_id: UUID
    server_now: datetime
    counts: dict[PhoneState, int]
    candidates: list[RosterLineOut]


def line_out(line: RosterLine, name: CandidateName) -> RosterLineOut:
    return RosterLineOut(
        **line.__dict__, name=name.full_name, name_status=name.status, name_label=name.label
    )


@router.get("/sessions/{session_id}/roster", response_model=RosterOut)
async def roster(session_id: UUID, service: Service, staff: SessionStaff) -> RosterOut:
    session = await service.planning().session_of(session_id, staff.lsp_id)
    assert session.plan is not None
    if staff.role is Role.ASSESSOR and staff.account_id not in session.plan.assessor_ids:
        raise forbidden("session_id", "bukan asesor sesi ini", "not an assessor of this session")
    found = await service.exams().roster.of(session)
    candidates = [line.candidate_id for line in found.lines]
    viewer = Viewer(staff.account_id, staff.role)
    if await service.planning().people().sees_people(session.plan, viewer):
        names = await service.names().for_roster(candidates, staff.account_id, staff.role.value)
    else:
        names = service.names().withheld(candidates)
    return RosterOut(
        session_id=session_id,
        server_now=found.server_now,
        counts=found.counts,
        candidates=[line_out(line, names[line.candidate_id]) for line in found.lines],
    )
