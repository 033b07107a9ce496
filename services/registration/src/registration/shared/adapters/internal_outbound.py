"""Which private events go, sealed, to the internal personal-data topic (not a public
contract: kompeten_contracts.internal): an accepted application's holder details, for the
certificate that will print them. The relay named "personal-data" publishes them with its own
checkpoint; the blob is passed as sealed, never opened here."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.store import RecordedEvent
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.internal import HolderDetailsSealedV1
from registration.applications.domain.application_events import ApplicationAccepted
from registration.shared.application.events import REGISTRY

SEALED = REGISTRY.select(ApplicationAccepted)


def to_internal(event: RecordedEvent) -> Sequence[PublicEvent]:
    if event.event_type not in SEALED:
        return []
    accepted = SEALED.decode(event)
    if accepted.holder is None:  # accepted before holders' details were sealed for printing
        return []
    return [
        HolderDetailsSealedV1(
            candidate_id=accepted.candidate_id,
            application_id=accepted.application_id,
            lsp_id=accepted.lsp_id,
            sealed=accepted.holder,
            accepted_at=accepted.accepted_at,
        )
    ]
