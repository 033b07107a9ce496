"""The aggregate repository: the one way a handler loads an aggregate and appends its decision.

    loaded = await accounts.load(account_id)
    events = decide_x(loaded.state, ...)
    await accounts.append(account_id, loaded.version, events, tx=tx)

Optimistic concurrency is the store's: `append` succeeds only if the stream is still at
`loaded.version`, otherwise `ConcurrencyError` and nothing is recorded. The repository does not
retry or answer for the handler: whether to run the command again on fresh state or refuse it
(409) is the service's choice, made once in its application layer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel

from eventkit.registry import Decoded, EventSelection
from eventkit.store.model import EventStore, JsonDict, NewEvent, RecordedEvent

__all__ = ["AggregateRepository", "Loaded"]

K = TypeVar("K")
S = TypeVar("S")
E = TypeVar("E", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[S, E]):
    """An aggregate's state, the stream version it was built from, and its history: every
    recorded event as its model with its record (id, metadata, time), in stream order."""

    state: S
    version: int
    history: list[Decoded[E]]

    @property
    def events(self) -> list[E]:
        return [d.event for d in self.history]


class AggregateRepository(Generic[K, S, E]):
    """Streams of one aggregate type: `stream_id(key)` names one, `initial` is the state of
    a stream that does not exist yet, `evolve` folds one event into a state."""

    def __init__(
        self,
        store: EventStore,
        events: EventSelection[E],
        stream_id: Callable[[K], str],
        initial: S,
        evolve: Callable[[S, E], S],
    ) -> None:
        self.store = store
        self.events = events
        self.stream_id = stream_id
        self.initial = initial
        self.evolve = evolve

    async def load(self, key: K) -> Loaded[S, E]:
        history = self.events.decode_all(await self.store.load(self.stream_id(key)))
        state = self.initial
        for item in history:
            state = self.evolve(state, item.event)
        return Loaded(state, history[-1].stream_version if history else 0, history)

    async def append(
        self,
        key: K,
        version: int,
        events: Sequence[E],
        *,
        actor: UUID | str | None = None,
        metadata: Mapping[str, Any] | None = None,
        event_ids: Sequence[UUID] | None = None,
        tx: Any = None,
    ) -> list[RecordedEvent]:
        """Record `events` after `version` (0: a new stream); nothing for no events. `actor`
        goes into each event's metadata; `event_ids` fixes ids (a client retry's derived id).
        tx: the caller's open transaction, whose other effects commit with these events."""
        if not events:
            return []
        stream, expected, new = self.batch(key, version, events, actor=actor,
                                           metadata=metadata, event_ids=event_ids)  # fmt: skip
        return await self.store.append(stream, expected, new, tx=tx)

    def batch(
        self,
        key: K,
        version: int,
        events: Sequence[E],
        *,
        actor: UUID | str | None = None,
        metadata: Mapping[str, Any] | None = None,
        event_ids: Sequence[UUID] | None = None,
    ) -> tuple[str, int, list[NewEvent]]:
        """The same append as one entry of `append_many` (many streams in one transaction)."""
        meta: JsonDict = dict(metadata or {})
        if actor is not None:
            meta["actor"] = str(actor)
        if event_ids is not None and len(event_ids) != len(events):
            raise ValueError("one event id per event")
        ids = list(event_ids) if event_ids is not None else [None] * len(events)
        new = [
            self.events.to_new(event, metadata=meta, event_id=event_id)
            for event, event_id in zip(events, ids, strict=True)
        ]
        return self.stream_id(key), version, new
