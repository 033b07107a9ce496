"""Each aggregate's repository: its stream name, its events, its initial state and its fold,
as the domain defines them, over the service's event store and registry. Handlers load and
append through these only (load -> decide -> append)."""

from __future__ import annotations

from uuid import UUID

from certificate.decision_documents.domain import decision_document as dd
from certificate.decisions.domain import decision as d
from certificate.issuance.domain import certificate as c
from certificate.printing.domain import print_batch as pb
from certificate.printing.domain import print_profile as pp
from certificate.recommendations.domain import candidate_involvement as ci
from certificate.recommendations.domain import recommendation as r
from certificate.shared.application.events import REGISTRY
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore

Recommendations = AggregateRepository[UUID, r.Recommendation, r.RecommendationEvent]
Involvements = AggregateRepository[UUID, ci.CandidateInvolvement, ci.InvolvementEvent]
Decisions = AggregateRepository[UUID, d.Decision, d.DecisionEvent]
Certificates = AggregateRepository[UUID, c.Certificate, c.CertificateEvent]
PrintBatches = AggregateRepository[UUID, pb.PrintBatch, pb.PrintBatchEvent]
PrintProfiles = AggregateRepository[UUID | None, pp.PrintProfile, pp.PrintProfileEvent]
DecisionDocuments = AggregateRepository[
    tuple[UUID | None, UUID], dd.DecisionDocument, dd.DocumentEvent
]


def recommendations(store: EventStore) -> Recommendations:
    events = REGISTRY.select(*r.EVENTS)
    return AggregateRepository(store, events, r.stream_id, r.Recommendation(), r.evolve)


def involvements(store: EventStore) -> Involvements:
    events = REGISTRY.select(*ci.EVENTS)
    return AggregateRepository(store, events, ci.stream_id, ci.CandidateInvolvement(), ci.evolve)


def decisions(store: EventStore) -> Decisions:
    events = REGISTRY.select(*d.EVENTS)
    return AggregateRepository(store, events, d.stream_id, d.Decision(), d.evolve)


def certificates(store: EventStore) -> Certificates:
    events = REGISTRY.select(*c.EVENTS)
    return AggregateRepository(store, events, c.stream_id, c.Certificate(), c.evolve)


def print_batches(store: EventStore) -> PrintBatches:
    events = REGISTRY.select(*pb.EVENTS)
    return AggregateRepository(store, events, pb.stream_id, pb.PrintBatch(), pb.evolve)


def print_profiles(store: EventStore) -> PrintProfiles:
    events = REGISTRY.select(*pp.EVENTS)
    return AggregateRepository(store, events, pp.stream_id, pp.PrintProfile(), pp.evolve)


def decision_documents(store: EventStore) -> DecisionDocuments:
    events = REGISTRY.select(*dd.EVENTS)
    return AggregateRepository(store, events, dd.stream_id, dd.DecisionDocument(), dd.evolve)
