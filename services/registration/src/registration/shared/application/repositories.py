"""Each aggregate's repository: its stream name, its events, its initial state and its fold,
as the domain defines them, over the service's event store and registry. Handlers load and
append through these only (load -> decide -> append)."""

from __future__ import annotations

from uuid import UUID

from eventkit.repository import AggregateRepository
from eventkit.store import EventStore
from registration.applications.domain import application
from registration.applications.domain.application_events import EVENTS as APPLICATION_EVENTS
from registration.applications.domain.application_events import ApplicationEvent
from registration.candidates.domain import candidate
from registration.catalogue.domain import cooperative, lsp, scheme
from registration.cohorts.domain import cohort_import
from registration.identity.domain import account
from registration.shared.application.events import REGISTRY

Accounts = AggregateRepository[UUID, account.Account, account.AccountEvent]
Candidates = AggregateRepository[UUID, candidate.Candidate, candidate.CandidateEvent]
Applications = AggregateRepository[UUID, application.Application, ApplicationEvent]
ImportStreams = AggregateRepository[
    UUID, cohort_import.CohortImport, cohort_import.CohortImportEvent
]
Schemes = AggregateRepository[str, scheme.Scheme, scheme.SchemeEvent]
Lsps = AggregateRepository[str, lsp.Lsp, lsp.LspEvent]
Cooperatives = AggregateRepository[UUID, cooperative.Cooperative, cooperative.CooperativeEvent]


def accounts(store: EventStore) -> Accounts:
    events = REGISTRY.select(*account.EVENTS)
    return AggregateRepository(store, events, account.stream_id, account.Account(), account.evolve)


def candidates(store: EventStore) -> Candidates:
    events = REGISTRY.select(*candidate.EVENTS)
    return AggregateRepository(
        store, events, candidate.stream_id, candidate.Candidate(), candidate.evolve
    )


def applications(store: EventStore) -> Applications:
    events = REGISTRY.select(*APPLICATION_EVENTS)
    return AggregateRepository(
        store, events, application.stream_id, application.Application(), application.evolve
    )


def import_streams(store: EventStore) -> ImportStreams:
    events = REGISTRY.select(*cohort_import.EVENTS)
    return AggregateRepository(
        store, events, cohort_import.stream_id, cohort_import.CohortImport(), cohort_import.evolve
    )


def schemes(store: EventStore) -> Schemes:
    events = REGISTRY.select(*scheme.EVENTS)
    return AggregateRepository(store, events, scheme.stream_id, scheme.Scheme(), scheme.evolve)


def lsps(store: EventStore) -> Lsps:
    events = REGISTRY.select(*lsp.EVENTS)
    return AggregateRepository(store, events, lsp.stream_id, lsp.Lsp(), lsp.evolve)


def cooperatives(store: EventStore) -> Cooperatives:
    events = REGISTRY.select(*cooperative.EVENTS)
    return AggregateRepository(
        store, events, cooperative.stream_id, cooperative.Cooperative(), cooperative.evolve
    )
