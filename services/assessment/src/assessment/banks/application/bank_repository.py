"""The question bank's repository: its streams, events, initial state and fold, as the domain
defines them, over assessment's event store and registry."""

from __future__ import annotations

from uuid import UUID

from assessment.banks.domain import question_bank as qb
from assessment.shared.application.events import REGISTRY
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore

Banks = AggregateRepository[tuple[UUID, str], qb.QuestionBank, qb.BankEvent]


def banks(store: EventStore) -> Banks:
    events = REGISTRY.select(*qb.EVENTS)
    return AggregateRepository(store, events, qb.stream_id, qb.QuestionBank(), qb.evolve)
