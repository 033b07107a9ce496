"""Each aggregate's repository: its stream name, its events, its initial state and its fold,
as the domain defines them, over the service's event store and registry. Handlers load and
append through these only (load -> decide -> append)."""

from __future__ import annotations

from uuid import UUID

from assessment.exams.domain import attempt
from assessment.judgement.domain import judgement
from assessment.planning.domain import preparation, session
from assessment.shared.application.events import REGISTRY
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore

Sessions = AggregateRepository[UUID, session.Session, session.SessionEvent]
Attempts = AggregateRepository[UUID, attempt.Attempt, attempt.AttemptEvent]
Judgements = AggregateRepository[UUID, judgement.Judgement, judgement.JudgementEvent]
Preparations = AggregateRepository[UUID, preparation.Preparation, preparation.PreparationEvent]


def sessions(store: EventStore) -> Sessions:
    events = REGISTRY.select(*session.EVENTS)
    return AggregateRepository(store, events, session.stream_id, session.Session(), session.evolve)


def attempts(store: EventStore) -> Attempts:
    events = REGISTRY.select(*attempt.EVENTS)
    return AggregateRepository(store, events, attempt.stream_id, attempt.Attempt(), attempt.evolve)


def judgements(store: EventStore) -> Judgements:
    events = REGISTRY.select(*judgement.EVENTS)
    return AggregateRepository(
        store, events, judgement.stream_id, judgement.Judgement(), judgement.evolve
    )


def preparations(store: EventStore) -> Preparations:
    events = REGISTRY.select(*preparation.EVENTS)
    return AggregateRepository(
        store, events, preparation.stream_id, preparation.Preparation(), preparation.evolve
    )
