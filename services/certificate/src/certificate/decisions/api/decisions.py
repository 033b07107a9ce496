"""Certification decisions over HTTP: a decision maker of the LSP judges one recommendation
(K or BK, a reason when it differs from the recommendation), or every recommendation of a
session awaiting a decision as the assessor recommended. The answer says where each stands:
judged so far out of the panel, the decision once taken, the certificate a decision K issued,
or why it was refused."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from certificate.api.access import DecisionMaker
from certificate.api.root import Service
from certificate.decisions.application.decide import Judgement
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import FieldProblem, Problem

router = APIRouter(tags=["decisions"])


class JudgeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome = Field(description="K (kompeten) or BK (belum kompeten)")
    reason: Annotated[str, Field(max_length=1000)] | None = Field(
        default=None, description="required when the decision differs from the recommendation"
    )


class JudgementOut(BaseModel):
    attempt_id: UUID
    judged: int = Field(description="members of the panel who have judged")
    panel_size: int = Field(description="members the scheme's decision takes")
    decision: Outcome | None = Field(description="the decision, once the panel is complete")
    certificate_id: UUID | None
    certificate_number: str | None


class SessionItemOut(BaseModel):
    attempt_id: UUID
    judgement: JudgementOut | None
    refused: list[FieldProblem]


def _out(judgement: Judgement) -> JudgementOut:
    return JudgementOut(
        attempt_id=judgement.attempt_id, judged=judgement.judged,
        panel_size=judgement.panel_size, decision=judgement.outcome,
        certificate_id=judgement.certificate_id, certificate_number=judgement.certificate_number,
    )  # fmt: skip


@router.post("/recommendations/{attempt_id}/decision", response_model=JudgementOut)
async def judge(
    attempt_id: UUID, body: JudgeBody, service: Service, member: DecisionMaker
) -> JudgementOut:
    decide = service.features().decide
    judged = await decide.judge(
        attempt_id, member.account_id, member.lsp_id, body.outcome, body.reason
    )
    return _out(judged)


@router.post("/sessions/{session_id}/decisions", response_model=list[SessionItemOut])
async def judge_session(
    session_id: UUID, service: Service, member: DecisionMaker
) -> list[SessionItemOut]:
    items = await service.features().decide_session.as_recommended(
        session_id, member.account_id, member.lsp_id
    )
    return [
        SessionItemOut(
            attempt_id=item.attempt_id,
            judgement=_out(item.judgement) if item.judgement else None,
            refused=[_problem(p) for p in item.refused],
        )
        for item in items
    ]


def _problem(problem: Problem) -> FieldProblem:
    return FieldProblem(field=problem.field, reason=problem.reason_id, reason_en=problem.reason_en)
