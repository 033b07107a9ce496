"""Certificate's subscriber routes assessment's recommendation to its policy, which keeps it
on the attempt's stream (in-memory event store): once, however often it is delivered."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from certificate_cases import recommendation

from certificate.consumers.assessment_events import assessment_events
from certificate.recommendations.domain.recommendation import RecommendationReceived
from certificate.shared.application.repositories import Recommendations, recommendations
from eventkit.inbox import InboundMessage
from eventkit.store import InMemoryEventStore
from kompeten_contracts import Envelope, encode
from kompeten_contracts.assessment import RecommendationPublishedV1
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registration import CandidateRegisteredV1

AT = datetime(2026, 11, 24, 9, tzinfo=UTC)


class Root:
    """Stands in for the started CertificateService: its repository, in memory."""

    def __init__(self, repository: Recommendations) -> None:
        self.repository = repository

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
