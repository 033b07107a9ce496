"""The training feature's two repositories: requirements per (LSP, scheme) and training
records per (LSP, candidate), over assessment's event store and registry."""

from __future__ import annotations

from uuid import UUID

from assessment.shared.application.events import REGISTRY
from assessment.training.domain import requirement as rq
from assessment.training.domain import training_record as tr
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore

Requirements = AggregateRepository[tuple[UUID, str], rq.TrainingRequirement, rq.RequirementEvent]
Records = AggregateRepository[tuple[UUID, UUID], tr.TrainingRecord, tr.TrainingEvent]


def requirements(store: EventStore) -> Requirements:
    events = REGISTRY.select(*rq.EVENTS)
    return AggregateRepository(store, events, rq.stream_id, rq.TrainingRequirement(), rq.evolve)


def records(store: EventStore) -> Records:
    events = REGISTRY.select(*tr.EVENTS)
    return AggregateRepository(store, events, tr.stream_id, tr.TrainingRecord(), tr.evolve)
