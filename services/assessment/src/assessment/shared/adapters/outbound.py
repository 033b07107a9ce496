"""Which of assessment's private events become public contracts, and how: one mapper per
private event class, field by field (never **data: a private event may grow fields that must
stay inside). Nothing personal crosses here: ids, codes, outcomes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assessment.shared.application.events import REGISTRY
from eventkit.store import RecordedEvent
from kompeten_contracts.base import PublicEvent

MAPPERS: dict[type[Any], Callable[[Any], PublicEvent]] = {}
PUBLISHED = REGISTRY.select(*MAPPERS) if MAPPERS else None


def to_public(event: RecordedEvent) -> Sequence[PublicEvent]:
    """The relay's mapper. Events that stay inside are not even decoded."""
    if PUBLISHED is None or event.event_type not in PUBLISHED:
        return []
    private = PUBLISHED.decode(event)
    return [MAPPERS[type(private)](private)]
