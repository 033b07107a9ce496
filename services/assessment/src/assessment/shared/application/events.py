"""Assessment's event registry, the only one: every private event of its log, as each
feature's domain declares them (each aggregate module's EVENTS). Handlers append these models,
aggregates and read models decode them through it; no other module writes an event's name."""

from __future__ import annotations

from assessment.banks.domain import question_bank
from eventkit.registry import EventRegistry

REGISTRY = EventRegistry(
    *question_bank.EVENTS,
)
