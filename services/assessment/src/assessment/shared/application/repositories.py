"""Each aggregate's repository: its stream name, its events, its initial state and its fold,
as the domain defines them, over the service's event store and registry. Handlers load and
append through these only (load -> decide -> append)."""

from __future__ import annotations

from uuid import UUID

from assessment.appeals.domain import appeal, docket
from assessment.capture.domain import assessor_record
from assessment.evidence.domain import evidence_file
from assessment.exams.domain import attempt
from assessment.judgement.domain import judgement, report
from assessment.planning.domain import preparation, session
from assessment.shared.application.events import REGISTRY
from eventkit.repository import AggregateRepository
from eventkit.store import EventStore

Sessions = AggregateRepository[UUID, session.Session, session.SessionEvent]
Attempts = AggregateRepository[UUID, attempt.Attempt, attempt.AttemptEvent]
Judgements = AggregateRepository[UUID, judgement.Judgement, judgement.JudgementEvent]
Captures = AggregateRepository[
    assessor_record.CaptureKey, assessor_record.Captured, assessor_record.CaptureEvent
]
Appeals = AggregateRepository[UUID, appeal.Appeal, appeal.AppealEvent]
Dockets = AggregateRepository[UUID, docket.Docket, docket.DocketEvent]
Preparations = AggregateRepository[UUID, preparation.Preparation, preparation.PreparationEvent]
Reports = AggregateRepository[UUID, report.Report, report.ReportEvent]
EvidenceFiles = AggregateRepository[
    evidence_file.FileKey, evidence_file.EvidenceFile, evidence_file.EvidenceFileEvent
]


def sessions(store: EventStore) -> Sessions:
    events = REGISTRY.select(*session.EVENTS)
    return AggregateRepository(store, events, session.stream_id, session.Session(), session.evolve)


# Attempts a process keeps in memory: loaded on every answer batch, they then read only what
# was appended since (a hall of 151 and many more fit; the exam's questions make each ~40 KB).
ATTEMPTS_CACHED = 2048


def attempts(store: EventStore, cached: int = 0) -> Attempts:
    events = REGISTRY.select(*attempt.EVENTS)
    return AggregateRepository(
        store, events, attempt.stream_id, attempt.Attempt(), attempt.evolve, cached
    )


def judgements(store: EventStore) -> Judgements:
    events = REGISTRY.select(*judgement.EVENTS)
    return AggregateRepository(
        store, events, judgement.stream_id, judgement.Judgement(), judgement.evolve
    )


def captures(store: EventStore) -> Captures:
    events = REGISTRY.select(*assessor_record.EVENTS)
    return AggregateRepository(
        store, events, assessor_record.stream_id, assessor_record.Captured(), assessor_record.evolve
    )


def appeals(store: EventStore) -> Appeals:
    events = REGISTRY.select(*appeal.EVENTS)
    return AggregateRepository(store, events, appeal.stream_id, appeal.Appeal(), appeal.evolve)


def dockets(store: EventStore) -> Dockets:
    events = REGISTRY.select(*docket.EVENTS)
    return AggregateRepository(store, events, docket.stream_id, docket.Docket(), docket.evolve)


def preparations(store: EventStore) -> Preparations:
    events = REGISTRY.select(*preparation.EVENTS)
    return AggregateRepository(
        store, events, preparation.stream_id, preparation.Preparation(), preparation.evolve
    )


def evidence_files(store: EventStore) -> EvidenceFiles:
    events = REGISTRY.select(*evidence_file.EVENTS)
    return AggregateRepository(
        store, events, evidence_file.stream_id, evidence_file.EvidenceFile(), evidence_file.evolve
    )


def reports(store: EventStore) -> Reports:
    events = REGISTRY.select(*report.EVENTS)
    return AggregateRepository(store, events, report.stream_id, report.Report(), report.evolve)
