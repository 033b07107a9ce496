"""Assessment's event registry, the only one: every private event of its log, as each
feature's domain declares them (each aggregate module's EVENTS). Handlers append these models,
aggregates and read models decode them through it; no other module writes an event's name."""

from __future__ import annotations

from assessment.appeals.domain import appeal, docket
from assessment.assessors.domain import assessor_events
from assessment.banks.domain import question_bank
from assessment.capture.domain import assessor_record
from assessment.evidence.domain import evidence_file
from assessment.exams.domain import attempt
from assessment.judgement.domain import judgement, report
from assessment.planning.domain import preparation, session
from assessment.sites.domain import site_events
from assessment.training.domain import requirement, training_record
from eventkit.registry import EventRegistry

REGISTRY = EventRegistry(
    *site_events.EVENTS,
    *assessor_events.EVENTS,
    *session.EVENTS,
    *attempt.EVENTS,
    *judgement.EVENTS,
    *question_bank.EVENTS,
    *assessor_record.EVENTS,
    *requirement.EVENTS,
    *training_record.EVENTS,
    *appeal.EVENTS,
    *docket.EVENTS,
    *preparation.EVENTS,
    *evidence_file.EVENTS,
    *report.EVENTS,
)
