"""Load an aggregate's state from its stream, and append a decision to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from eventkit.store import ConcurrencyError, EventStore, NewEvent
from kompeten_contracts.errors import conflict
from registration.domain import account, candidate


async def load_account(store: EventStore, account_id: UUID) -> tuple[account.Account, int]:
    recorded = await store.load(account.stream_id(account_id))
    events = [account.EVENT_TYPES[e.event_type](**e.data) for e in recorded]
    return account.rehydrate(events), len(recorded)


async def load_candidate(store: EventStore, candidate_id: UUID) -> tuple[candidate.Candidate, int]:
    recorded = await store.load(candidate.stream_id(candidate_id))
    events = [candidate.EVENT_TYPES[e.event_type](**e.data) for e in recorded]
    return candidate.rehydrate(events), len(recorded)


async def append(
    store: EventStore, stream: str, version: int, events: Sequence[BaseModel], tx: Any
) -> None:
    if not events:
        return
    try:
        await store.append(
            stream,
            version,
            [NewEvent(type(e).__name__, e.model_dump(mode="json")) for e in events],
            tx=tx,
        )
    except ConcurrencyError as exc:
        raise conflict(
            "request",
            "data berubah bersamaan; silakan coba lagi",
            "changed concurrently; please try again",
        ) from exc
