"""Each aggregate's repository: its stream name, its events, its initial state and its fold,
as the domain defines them, over the service's event store and registry. Handlers load and
append through these only (load -> decide -> append)."""

from __future__ import annotations

from uuid import UUID

from certificate.decisions.domain import decision as d
from certificate.issuance.domain import certificate as c
from certificate.recommendations.domain import recommendation as r
from certificate.shared.application.events import REGISTRY
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore

Recommendations = AggregateRepository[UUID, r.Recommendation, r.RecommendationEvent]
Decisions = AggregateRepository[UUID, d.Decision, d.DecisionEvent]
Certificates = AggregateRepository[UUID, c.Certificate, c.CertificateEvent]


def recommendations(store: EventStore) -> Recommendations:
    events = REGISTRY.select(*r.EVENTS)
    return AggregateRepository(store, events, r.stream_id, r.Recommendation(), r.evolve)


def decisions(store: EventStore) -> Decisions:
    events = REGISTRY.select(*d.EVENTS)
    return AggregateRepository(store, events, d.stream_id, d.Decision(), d.evolve)


def certificates(store: EventStore) -> Certificates:
    events = REGISTRY.select(*c.EVENTS)
    return AggregateRepository(store, events, c.stream_id, c.Certificate(), c.evolve)
