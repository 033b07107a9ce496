"""Which of certificate's private events become public contracts, and how: one mapper per
private event class, field by field (never **data). None yet: the public certificate events
(CertificateIssuedV1 and the lifecycle) come with their contracts (docs/certificate.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from certificate.shared.application.events import REGISTRY
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
