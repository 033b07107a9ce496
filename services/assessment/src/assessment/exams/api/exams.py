"""The candidate's phone and its exam: their own attempts listed, the sealed package before the
session, the start code once the assessor has started, every answer record sent as it can be
(exactly once, whatever the network does), and the attempt as the server holds it to resume and
to confirm 'sent'.
A candidate reaches only their own attempts; any other id is not found."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from assessment.api.access import Examinee
from assessment.api.root import Service
from assessment.bootstrap import AssessmentService
from assessment.exams.domain.answering import Outcome
from assessment.exams.domain.attempt import AnswerRecord, Attempt
from assessment.planning.domain.consent_terms import TERMS_EN, TERMS_ID, TERMS_VERSION
from kompeten_contracts.roles import Role
from servicekit.lean import Lane, body_as, json_answer, lean_doc, principal_in
from servicekit.root import root_in

router = APIRouter(tags=["exams"])


class AnswerIn(BaseModel):
    answer_id: UUID
    question_id: str = Field(min_length=1, max_length=80)
    seq: int = Field(ge=1, le=100_000)
    elapsed_ms: int = Field(ge=0, le=86_400_000)
    choice: int | None = Field(default=None, ge=0, le=9)
    text: str | None = Field(default=None, max_length=10_000)


class AnswersIn(BaseModel):
    written_through: int = Field(ge=0, le=100_000, description="the phone's highest sequence")
    answers: list[AnswerIn] = Field(default=[], max_length=500)
    finished: bool = Field(
        default=False, description="the candidate ended the exam (or the phone's timer did)"
    )


class ReceiptOut(BaseModel):
    answer_id: UUID
    seq: int
    outcome: Outcome


class AttemptOut(BaseModel):
    attempt_id: UUID
    session_id: UUID
    duration_minutes: int
    server_now: datetime
    started_at: datetime | None
    deadline: datetime | None
    held_through: int = Field(description="every record 1..n is held by the server")
    written_through: int = Field(description="the highest sequence the phone said it wrote")
    all_sent: bool = Field(description="finished, and everything the phone wrote is held")
    answers: dict[str, AnswerIn] = Field(description="the answer that counts, per question")
    refused: list[AnswerIn]
    scored: bool
    consented: bool = Field(description="FR.AK.01 signed by candidate and assessor")


class RecordedOut(BaseModel):
    """What a phone needs after each batch (GET /exams/{id} gives the whole attempt, to
    resume): the receipts, and the server's clock and word on what it holds."""

    attempt_id: UUID
    server_now: datetime
    started_at: datetime | None
    deadline: datetime | None
    held_through: int = Field(description="every record 1..n is held by the server")
    written_through: int = Field(description="the highest sequence the phone said it wrote")
    all_sent: bool = Field(description="finished, and everything the phone wrote is held")
    consented: bool = Field(description="FR.AK.01 signed by candidate and assessor")
    scored: bool
    receipts: list[ReceiptOut]


class ConsentTermsOut(BaseModel):
    terms_version: str = Field(description="sign with this version: POST .../consent")
    text: str
    text_en: str


class PackageOut(BaseModel):
    consent: ConsentTermsOut = Field(description="FR.AK.01, shown before the exam")
    attempt_id: UUID
    session_id: UUID
    starts_at: datetime
    duration_minutes: int
    kdf: str
    iterations: int
    salt: str
    nonce: str
    ciphertext: str


class ReleaseOut(BaseModel):
    start_code: str


class MyExamOut(BaseModel):
    attempt_id: UUID
    session_id: UUID
    scheme_code: str
    scheme_version: int
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    started_at: datetime | None
    deadline: datetime | None
    cancelled: bool
    server_now: datetime


def attempt_out(state: Attempt, now: datetime) -> AttemptOut:
    drawn = state.drawn
    assert drawn is not None
    return AttemptOut(
        attempt_id=drawn.attempt_id,
        session_id=drawn.session_id,
        duration_minutes=drawn.duration_minutes,
        server_now=now,
        started_at=state.opened.started_at if state.opened else None,
        deadline=state.opened.deadline if state.opened else None,
        held_through=state.held_through(),
        written_through=state.written_through,
        all_sent=state.complete,
        answers={q: AnswerIn(**r.model_dump()) for q, r in state.latest.items()},
        refused=[AnswerIn(**r.model_dump()) for r in state.refused],
        scored=state.revision > 0,
        consented=state.consented,
    )


@router.get("/exams", response_model=list[MyExamOut])
async def my_exams(service: Service, me: Examinee) -> list[MyExamOut]:
    """The caller's own attempts, the soonest session first (from the sessions read model)."""
    now = service.now()
    found = await service.exams().of_candidate(me.candidate_id)
    return [MyExamOut(**exam.__dict__, server_now=now) for exam in found]


@router.get("/exams/{attempt_id}", response_model=AttemptOut)
async def get_attempt(attempt_id: UUID, service: Service, me: Examinee) -> AttemptOut:
    state = await service.exams().views.attempt(attempt_id, me.candidate_id)
    return attempt_out(state, service.now())


@router.get("/exams/{attempt_id}/package", response_model=PackageOut)
async def get_package(attempt_id: UUID, service: Service, me: Examinee) -> PackageOut:
    package = await service.exams().views.package(attempt_id, me.candidate_id)
    assert package.session.plan is not None
    return PackageOut(
        consent=ConsentTermsOut(terms_version=TERMS_VERSION, text=TERMS_ID, text_en=TERMS_EN),
        attempt_id=attempt_id,
        session_id=package.drawn.session_id,
        starts_at=package.session.plan.starts_at,
        duration_minutes=package.drawn.duration_minutes,
        **package.sealed.__dict__,
    )


@router.get("/exams/{attempt_id}/release", response_model=ReleaseOut)
async def get_release(attempt_id: UUID, service: Service, me: Examinee) -> ReleaseOut:
    code = await service.exams().views.release(attempt_id, me.candidate_id)
    return ReleaseOut(start_code=code)


@router.post(
    "/exams/{attempt_id}/answers", response_model=RecordedOut, openapi_extra=lean_doc(AnswersIn)
)
async def post_answers(request: Request, attempt_id: UUID) -> Response:
    """A phone's batch of answer records. The hall's hottest route, on the kit's lean path
    (servicekit.lean, LANES): body `AnswersIn`, the caller a candidate, as if declared."""
    me = await principal_in(request, Role.CANDIDATE)
    body = await body_as(AnswersIn, request)
    service = root_in(request, AssessmentService)
    records = [AnswerRecord(**a.model_dump()) for a in body.answers]
    recorded = await service.exams().record(
        attempt_id, me.candidate_id, records, body.written_through, body.finished
    )
    state, opened = recorded.state, recorded.state.opened
    assert state.drawn is not None
    return json_answer(RecordedOut(
        attempt_id=state.drawn.attempt_id,
        server_now=recorded.server_now,
        started_at=opened.started_at if opened else None,
        deadline=opened.deadline if opened else None,
        held_through=state.held_through(),
        written_through=state.written_through,
        all_sent=state.complete,
        consented=state.consented,
        scored=state.revision > 0,
        receipts=[ReceiptOut(answer_id=r.answer_id, seq=r.seq, outcome=r.outcome)
                  for r in recorded.receipts],
    ))  # fmt: skip


# Answered by the kit's fast lane (servicekit.lean.FastLane), ahead of FastAPI's routing.
LANES = [Lane("POST", "/exams/{attempt_id}/answers", post_answers)]
