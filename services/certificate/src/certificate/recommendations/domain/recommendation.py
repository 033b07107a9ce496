"""The recommendation aggregate: one stream per assessment attempt, holding what assessment
recommended (RecommendationPublished) as certification received it, and the appeals against
it. It is what a decision is taken on, the record of who may not take it (the independence
rule), and of when it may not be taken (an appeal open, or upheld)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from kompeten_contracts.errors import Kind, Problem, Refusal, conflict, invalid


class ReceiveRecommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    session_id: UUID
    district_code: str
    units: tuple[UnitOutcome, ...]
    overall: Outcome
    assessor_ids: tuple[UUID, ...]
    recommended_at: datetime
    received_at: datetime
    trainer_ids: tuple[UUID, ...] = ()  # who trained the candidate (assessment's records)


class RecommendationReceived(ReceiveRecommendation):
    pass


class AppealOutcome(StrEnum):
    UPHELD = "upheld"  # the recommendation is set aside: a re-assessment is decided instead
    DISMISSED = "dismissed"  # the recommendation stands


class AppealOpened(BaseModel):
    """The candidate appealed this recommendation (assessment's AppealLodged): no decision on
    it until the appeal is decided. May come before the recommendation itself."""

    model_config = ConfigDict(frozen=True)

    appeal_id: UUID
    attempt_id: UUID
    lodged_at: datetime


class AppealClosed(BaseModel):
    model_config = ConfigDict(frozen=True)

    appeal_id: UUID
    attempt_id: UUID
    outcome: AppealOutcome
    decided_at: datetime


RecommendationEvent = RecommendationReceived | AppealOpened | AppealClosed
EVENTS: tuple[type[RecommendationEvent], ...] = (RecommendationReceived, AppealOpened, AppealClosed)


@dataclass(frozen=True)
class Recommendation:
    received: RecommendationReceived | None = None
    open_appeals: tuple[UUID, ...] = ()
    closed_appeals: tuple[AppealClosed, ...] = ()

    @property
    def set_aside(self) -> bool:
        return any(a.outcome is AppealOutcome.UPHELD for a in self.closed_appeals)

    def of(self, lsp_id: UUID | None) -> bool:
        """Received, and for this LSP: another LSP's is answered as one never received."""
        return self.received is not None and self.received.lsp_id == lsp_id


def stream_id(attempt_id: UUID) -> str:
    return f"recommendation-{attempt_id}"


def decide_receive(
    state: Recommendation, command: ReceiveRecommendation
) -> list[RecommendationEvent]:
    if state.received is not None:
        if _same(state.received, command):
            return []
        raise conflict(
            "attempt_id",
            "rekomendasi lain untuk percobaan asesmen ini sudah diterima",
            "another recommendation for this assessment attempt was received",
        )
    if not command.units:
        raise invalid("units", "rekomendasi tanpa unit", "a recommendation without units")
    all_competent = all(u.outcome is Outcome.COMPETENT for u in command.units)
    if (command.overall is Outcome.COMPETENT) != all_competent:
        raise invalid(
            "overall",
            "K keseluruhan hanya bila setiap unit K",
            "overall K only when every unit is K",
        )
    if not command.assessor_ids:
        raise invalid("assessor_ids", "asesor tidak disebutkan", "no assessor is named")
    return [RecommendationReceived(**command.model_dump())]


def decide_open_appeal(state: Recommendation, event: AppealOpened) -> list[RecommendationEvent]:
    known = {*state.open_appeals, *(a.appeal_id for a in state.closed_appeals)}
    return [] if event.appeal_id in known else [event]


def decide_close_appeal(state: Recommendation, event: AppealClosed) -> list[RecommendationEvent]:
    if any(a.appeal_id == event.appeal_id for a in state.closed_appeals):
        return []
    return [event]


def appeal_refusal(state: Recommendation) -> Refusal | None:
    """Why no decision may be taken on this recommendation because of an appeal, if so."""
    if state.open_appeals:
        return conflict(
            "appeal_id",
            "banding atas rekomendasi ini masih terbuka; keputusan menunggu hasil banding",
            "an appeal against this recommendation is open; the decision waits for it",
        )
    if state.set_aside:
        return conflict(
            "appeal_id",
            "banding dikabulkan: rekomendasi ini dikesampingkan; putuskan asesmen ulangnya",
            "the appeal was upheld: this recommendation is set aside; decide on the re-assessment",
        )
    return None


def independence_refusal(
    state: Recommendation, decider: UUID, appeal_reviewers: Collection[UUID] = ()
) -> Refusal | None:
    """Why `decider` may not decide on this recommendation, if they may not, with every
    reason: they assessed the candidate in the attempt, trained the candidate, or reviewed one
    of the candidate's appeals (`appeal_reviewers`, from the candidate's involvement)."""
    received = state.received
    problems = []
    if received is not None and decider in received.assessor_ids:
        problems.append(Problem(
            "assessor_ids",
            "Anda tercantum sebagai asesor kandidat ini (assessor_ids rekomendasi); keputusan "
            "sertifikasi harus diambil oleh orang yang tidak mengases kandidat",
            "you are named among this candidate's assessors (the recommendation's "
            "assessor_ids); someone who did not assess the candidate must decide",
        ))  # fmt: skip
    if received is not None and decider in received.trainer_ids:
        problems.append(Problem(
            "trainer_ids",
            "Anda melatih kandidat ini (trainer_ids rekomendasi); keputusan sertifikasi harus "
            "diambil oleh orang yang tidak melatih kandidat",
            "you trained the candidate (the recommendation's trainer_ids); someone who did "
            "not train the candidate must decide",
        ))  # fmt: skip
    if decider in appeal_reviewers:
        problems.append(Problem(
            "reviewer_id",
            "Anda meninjau banding kandidat ini; keputusan sertifikasi harus diambil oleh "
            "orang yang tidak meninjau banding kandidat",
            "you reviewed the candidate's appeal; someone who did not review the candidate's "
            "appeal must decide",
        ))  # fmt: skip
    return Refusal(problems, Kind.FORBIDDEN) if problems else None


def _same(received: RecommendationReceived, command: ReceiveRecommendation) -> bool:
    ignored = {"received_at"}
    return received.model_dump(exclude=ignored) == command.model_dump(exclude=ignored)


def evolve(state: Recommendation, event: RecommendationEvent) -> Recommendation:
    if isinstance(event, AppealOpened):
        return replace(state, open_appeals=(*state.open_appeals, event.appeal_id))
    if isinstance(event, AppealClosed):
        still_open = tuple(a for a in state.open_appeals if a != event.appeal_id)
        return replace(state, open_appeals=still_open,
                       closed_appeals=(*state.closed_appeals, event))  # fmt: skip
    return replace(state, received=event)
