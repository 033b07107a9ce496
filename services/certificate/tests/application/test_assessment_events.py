"""Certificate's subscriber routes assessment's recommendation to its policy, which keeps it
on the attempt's stream (in-memory event store): once, however often it is delivered."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from certificate_cases import recommendation

from certificate.consumers.assessment_events import assessment_events
from certificate.recommendations.domain.recommendation import RecommendationReceived
from certificate.shared.application.repositories import (
    Involvements,
    Recommendations,
    involvements,
    recommendations,
)
from eventkit.inbox import InboundMessage
from eventkit.store import InMemoryEventStore
from kompeten_contracts import Envelope, encode
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealOutcomeV1,
    RecommendationPublishedV1,
)
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registration import CandidateRegisteredV1

AT = datetime(2026, 11, 24, 9, tzinfo=UTC)


class Root:
    """Stands in for the started CertificateService: its repository, in memory."""

    def __init__(self, repository: Recommendations, involved: Involvements | None = None) -> None:
        self.repository = repository
        self.involvements = involved

    def features(self) -> Root:
        return self

    @property
    def recommendations(self) -> Recommendations:
        return self.repository

    def now(self) -> datetime:
        return AT


def message(event: PublicEvent, subject: str) -> InboundMessage:
    envelope = Envelope(
        id=uuid4(), source=event.source(), type=event.ce_type(), time=AT, subject=subject
    )
    return InboundMessage(envelope, subject, encode(event), "kompeten.assessment.events", 0, 0)


async def test_a_recommendation_is_kept_once_on_its_attempts_stream() -> None:
    store = InMemoryEventStore()
    repository = recommendations(store)
    handle = assessment_events.handler(Root(repository))  # type: ignore[arg-type]
    event = recommendation()
    for _ in range(2):  # delivered again under a new id: the aggregate records nothing twice
        await handle(None, message(event, f"attempt-{event.attempt_id}"))
    loaded = await repository.load(event.attempt_id)
    [kept] = loaded.events
    assert isinstance(kept, RecommendationReceived) and kept.received_at == AT
    assert kept.assessor_ids == tuple(event.assessor_ids)
    assert [u.outcome.value for u in kept.units] == [u.outcome.value for u in event.units]


async def test_events_certificate_does_not_handle_are_skipped() -> None:
    store = InMemoryEventStore()
    handle = assessment_events.handler(Root(recommendations(store)))  # type: ignore[arg-type]
    other = CandidateRegisteredV1.model_construct(candidate_id=uuid4())
    await handle(None, message(other, "candidate-x"))
    assert await store.read_all() == []
    assert RecommendationPublishedV1.ce_type() in {
        route.event.ce_type() for route in assessment_events.routes.values()
    }


async def test_an_appeals_reviewer_is_kept_once_on_the_candidates_involvement() -> None:
    store = InMemoryEventStore()
    involved = involvements(store)
    handle = assessment_events.handler(Root(recommendations(store), involved))  # type: ignore[arg-type]
    event = recommendation()
    reviewer = uuid4()
    decided = AppealDecidedV1(
        appeal_id=uuid4(), attempt_id=event.attempt_id, attempt_no=1,
        candidate_id=event.candidate_id, application_id=event.application_id,
        lsp_id=event.lsp_id, outcome=AppealOutcomeV1.UPHELD, decided_at=AT, reviewer_id=reviewer,
    )  # fmt: skip
    for _ in range(2):  # delivered again: recorded once
        await handle(None, message(decided, f"appeal-{decided.appeal_id}"))
    state = (await involved.load(event.candidate_id)).state
    assert state.reviewer_ids == {reviewer} and len(state.reviews) == 1
    unnamed = decided.model_copy(update={"appeal_id": uuid4(), "reviewer_id": None})
    await handle(None, message(unnamed, f"appeal-{unnamed.appeal_id}"))  # an older record
    assert len((await involved.load(event.candidate_id)).state.reviews) == 1
