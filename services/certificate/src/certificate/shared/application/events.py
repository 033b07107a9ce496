"""Certificate's event registry, the only one: every private event of its log, as each
feature's domain declares them (each aggregate module's EVENTS). Handlers append these models,
aggregates and read models decode them through it; no other module writes an event's name."""

from __future__ import annotations

from certificate.decision_documents.domain import decision_document
from certificate.decisions.domain import decision
from certificate.issuance.domain import certificate
from certificate.printing.domain import print_batch, print_profile
from certificate.recommendations.domain import candidate_involvement, recommendation
from eventkit.registry import EventRegistry

REGISTRY = EventRegistry(
    *recommendation.EVENTS,
    *candidate_involvement.EVENTS,
    *decision.EVENTS,
    *certificate.EVENTS,
    *print_batch.EVENTS,
    *print_profile.EVENTS,
    *decision_document.EVENTS,
)
