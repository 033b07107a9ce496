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

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel

from eventkit.registry import Decoded, EventSelection
from eventkit.store.model import (
    ConcurrencyError,
    EventStore,
    JsonDict,
    NewEvent,
    RecordedEvent,
)

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
    a stream that does not exist yet, `evolve` folds one event into a state.

    `cached`: keep the last state of up to that many streams in this process, and load only
    the events recorded after it (the store's `load(stream, after_version)`). For aggregates
    loaded on every request of a hot path (an exam attempt on every answer batch). The state is
    immutable and the store still checks the version on append, so a state that is stale
    (another process appended) only costs the events it missed; `Loaded.history` then holds
    only those events, so a handler that needs the whole history must not use a cached one."""

    def __init__(
        self,
        store: EventStore,
        events: EventSelection[E],
        stream_id: Callable[[K], str],
        initial: S,
        evolve: Callable[[S, E], S],
        cached: int = 0,
    ) -> None:
        self.store = store
        self.events = events
        self.stream_id = stream_id
        self.initial = initial
        self.evolve = evolve
        self.cached = cached
        self._states: OrderedDict[str, tuple[int, S]] = OrderedDict()

    async def load(self, key: K) -> Loaded[S, E]:
        stream = self.stream_id(key)
        version, state = self._states.get(stream, (0, self.initial))
        return self._folded(stream, version, state, await self.store.load(stream, version))

    async def load_many(self, keys: Sequence[K]) -> dict[K, Loaded[S, E]]:
        """`load` of each key, in one read of the store: for a decision over many aggregates
        at once (a session's cohort). What a cached repository keeps is read from where it
        stands, as `load` does."""
        streams = {key: self.stream_id(key) for key in keys}
        kept = {stream: self._states.get(stream, (0, self.initial)) for stream in streams.values()}
        recorded: dict[str, list[RecordedEvent]] = {}
        for event in await self.store.load_many({s: v for s, (v, _) in kept.items()}):
            recorded.setdefault(event.stream_id, []).append(event)
        return {key: self._folded(stream, *kept[stream], recorded.get(stream, []))
                for key, stream in streams.items()}  # fmt: skip

    def _folded(
        self, stream: str, version: int, state: S, recorded: list[RecordedEvent]
    ) -> Loaded[S, E]:
        history = self.events.decode_all(recorded)
        for item in history:
            state = self.evolve(state, item.event)
        version = history[-1].stream_version if history else version
        self._keep(stream, version, state)
        return Loaded(state, version, history)

    def known(self, key: K) -> Loaded[S, E] | None:
        """The state this process last loaded or appended for the stream, with no read: it may
        be stale (another process appended since). Safe for a decision that appends, since the
        append checks the version (a stale one raises ConcurrencyError and the stream is
        forgotten here, so the next load reads it again); a refusal or a decision to append
        nothing made on it must be made again on `load`. None when nothing is kept."""
        kept = self._states.get(self.stream_id(key)) if self.cached else None
        return None if kept is None else Loaded(kept[1], kept[0], [])

    def remember(self, key: K, version: int, state: S) -> None:
        """After a successful append: the state the handler folded from its own events, at the
        version they brought the stream to, so the next load of a cached repository reads (and
        decodes, and folds) nothing it already knows. Only a state folded from what was
        appended: the store still checks the version on the next append."""
        self._keep(self.stream_id(key), version, state)

    def _keep(self, stream: str, version: int, state: S) -> None:
        if not self.cached or not version:
            return
        kept = self._states.get(stream)
        if kept is None or kept[0] <= version:  # never replace a newer state by an older one
            self._states[stream] = (version, state)
            self._states.move_to_end(stream)
        while len(self._states) > self.cached:
            self._states.popitem(last=False)

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
        try:
            return await self.store.append(stream, expected, new, tx=tx)
        except ConcurrencyError:
            self._states.pop(stream, None)  # what this process knew of it is stale
            raise

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
