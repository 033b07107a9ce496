"""GET /sessions/{id}/essays: what the assessor marks (IA.06): per candidate of theirs (an admin
of the session's LSP: every candidate), the essay questions drawn for them and the answer that
counts so far. An essay mark (capture) names one of these question ids."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assessment.api.access import Runner
from assessment.api.root import Service
from assessment.capture.domain.recorders import check_reader, mine
from kompeten_contracts.roles import Role

router = APIRouter(tags=["exams"])


class EssayOut(BaseModel):
    question_id: str
    unit_code: str
    stem: str
    answer: str | None = Field(description="the answer that counts; null: none arrived yet")


class CandidateEssaysOut(BaseModel):
    candidate_id: UUID
    attempt_id: UUID
    essays: list[EssayOut]


@router.get("/sessions/{session_id}/essays", response_model=list[CandidateEssaysOut])
async def essays(session_id: UUID, service: Service, staff: Runner) -> list[CandidateEssaysOut]:
    session = await service.planning().session_of(session_id, staff.lsp_id)
    is_admin = staff.role is Role.LSP_ADMIN
    check_reader(session, staff.account_id, is_admin)
    visible = set(mine(session, staff.account_id, is_admin))
    assignments = [a for a in session.assignments if a.candidate_id in visible]
    found = await service.exams().views.essays(assignments)
    return [
        CandidateEssaysOut(
            candidate_id=a.candidate_id,
            attempt_id=a.attempt_id,
            essays=[EssayOut(**e.__dict__) for e in listed],
        )
        for a, listed in found
    ]
