"""The certification decision (keputusan sertifikasi) on one recommendation: one stream per
assessment attempt. Each member of the LSP's panel records their judgement, K or BK; when as
many members as the scheme's panel takes have judged, the decision is taken: K only when every
one of them said K. No one who assessed or trained the candidate (as the recommendation names
them) or reviewed one of the candidate's appeals may judge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.recommendations.domain.candidate_involvement import CandidateInvolvement
from certificate.recommendations.domain.recommendation import (
    Recommendation,
    appeal_refusal,
    independence_refusal,
)
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import conflict, invalid, not_found

REASON_LENGTH = (5, 500)


class Judge(BaseModel):
    model_config = ConfigDict(frozen=True)

    attempt_id: UUID
    lsp_id: UUID | None
    member: UUID
    outcome: Outcome
    reason: str | None = None
    at: datetime


class MemberJudged(Judge):
    pass


class CertificationDecided(BaseModel):
    model_config = ConfigDict(frozen=True)

    attempt_id: UUID
    lsp_id: UUID | None
    candidate_id: UUID
    scheme_code: str
    scheme_version: int
    session_id: UUID
    outcome: Outcome
    panel: tuple[UUID, ...]
    at: datetime


DecisionEvent = MemberJudged | CertificationDecided
EVENTS: tuple[type[DecisionEvent], ...] = (MemberJudged, CertificationDecided)


@dataclass(frozen=True)
class Decision:
    judgements: tuple[MemberJudged, ...] = ()
    decided: CertificationDecided | None = None

    def judgement_of(self, member: UUID) -> MemberJudged | None:
        return next((j for j in self.judgements if j.member == member), None)


def stream_id(attempt_id: UUID) -> str:
    return f"decision-{attempt_id}"


def decide_judge(
    state: Decision,
    recommendation: Recommendation,
    command: Judge,
    panel_size: int,
    involvement: CandidateInvolvement | None = None,
) -> list[DecisionEvent]:
    received = recommendation.received
    if received is None or not recommendation.of(command.lsp_id):
        raise not_found("attempt_id", "rekomendasi tidak ditemukan", "no such recommendation")
    refusal = independence_refusal(
        recommendation, command.member, involvement.reviewer_ids if involvement else ()
    )
    if refusal is not None:
        raise refusal
    held = appeal_refusal(recommendation)
    if held is not None and state.decided is None:
        raise held
    earlier = state.judgement_of(command.member)
    if earlier is not None:
        if earlier.outcome is command.outcome:
            return []  # the same judgement again (a retry): recorded once
        raise conflict("outcome", "Anda sudah memberi keputusan lain untuk rekomendasi ini",
                       "you already judged this recommendation otherwise")  # fmt: skip
    if state.decided is not None:
        raise conflict("attempt_id", "rekomendasi ini sudah diputuskan",
                       "this recommendation is decided already")  # fmt: skip
    if command.outcome is Outcome.COMPETENT and received.overall is not Outcome.COMPETENT:
        raise invalid("outcome", "asesor merekomendasikan BK: K hanya melalui asesmen ulang",
                      "the assessor recommended BK: K only through a re-assessment")  # fmt: skip
    reason = " ".join((command.reason or "").split()) or None
    if reason is not None and not REASON_LENGTH[0] <= len(reason) <= REASON_LENGTH[1]:
        raise invalid("reason", "alasan 5-500 karakter", "the reason is 5-500 characters long")
    if command.outcome is not received.overall and reason is None:
        raise invalid("reason", "keputusan yang berbeda dari rekomendasi wajib diberi alasan",
                      "a decision other than the recommendation needs a reason")  # fmt: skip
    judged = MemberJudged(**{**command.model_dump(), "reason": reason})
    judgements = (*state.judgements, judged)
    if len(judgements) < panel_size:
        return [judged]
    competent = all(j.outcome is Outcome.COMPETENT for j in judgements)
    decided = CertificationDecided(
        attempt_id=received.attempt_id,
        lsp_id=received.lsp_id,
        candidate_id=received.candidate_id,
        scheme_code=received.scheme_code,
        scheme_version=received.scheme_version,
        session_id=received.session_id,
        outcome=Outcome.COMPETENT if competent else Outcome.NOT_YET_COMPETENT,
        panel=tuple(j.member for j in judgements),
        at=command.at,
    )
    return [judged, decided]


def evolve(state: Decision, event: DecisionEvent) -> Decision:
    if isinstance(event, MemberJudged):
        return Decision((*state.judgements, event), state.decided)
    return Decision(state.judgements, event)
