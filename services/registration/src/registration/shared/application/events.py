"""Registration's event registry, the only one: every private event of its log, as the domain
declares them (each aggregate module's EVENTS). Handlers append these models, aggregates and
read models decode them through it; no other module writes an event type's name."""

from __future__ import annotations

from eventkit.registry import EventRegistry
from registration.applications.domain import application_events
from registration.candidates.domain import candidate
from registration.catalogue.domain import cooperative, lsp, scheme
from registration.cohorts.domain import cohort_import
from registration.identity.domain import account

REGISTRY = EventRegistry(
    *account.EVENTS,
    *candidate.EVENTS,
    *cooperative.EVENTS,
    *scheme.EVENTS,
    *lsp.EVENTS,
    *application_events.EVENTS,
    *cohort_import.EVENTS,
)
