"""The typed event registry: which pydantic model a recorded event is, and back.

A service builds one registry from its domain's event classes; everything else goes through it:
handlers append models (`to_new`), aggregates and followers read models (`decode`), and a
follower names the models it reads (`select`, `types_of`). So an event type name is written in
one place only: the registry derives it from the class.

Invariants kept here:
- The stored `event_type` is the model's class name, as it always was, and its `data` is
  `model_dump(mode="json")`: rows already in a log keep decoding. A class's name and its data
  shape are part of the log's format; renaming one is a new event type.
- One model per name. `version` is the schema version its data has now; a row recorded with an
  older one is brought forward by explicit, pure dict -> dict steps named `upcast_v<N>_to_v<N+1>`
  (as kompeten_contracts does for public events), each on a private copy, then validated.
- A row of a name or version the registry does not know raises `UnknownEvent`: a log is never
  read half-way silently. A newer version than the code knows means "deploy the new code first".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar, cast
from uuid import UUID, uuid4

from pydantic import BaseModel

from eventkit.store.model import JsonDict, NewEvent, RecordedEvent

__all__ = ["Decoded", "EventRegistry", "EventSelection", "UnknownEvent", "Upcaster"]

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=BaseModel)
E_co = TypeVar("E_co", bound=BaseModel, covariant=True)
Upcaster = Callable[[JsonDict], JsonDict]
U = TypeVar("U", bound=Upcaster)


class UnknownEvent(LookupError):
    """A recorded event, or a model, the registry (or the selection asked) does not know."""


@dataclass(frozen=True, slots=True)
class Decoded(Generic[E_co]):
    """A recorded event as its model, with the record it came from (position, stream, time)."""

    event: E_co
    recorded: RecordedEvent

    @property
    def position(self) -> int:
        return self.recorded.position

    @property
    def stream_id(self) -> str:
        return self.recorded.stream_id

    @property
    def stream_version(self) -> int:
        return self.recorded.stream_version

    @property
    def event_id(self) -> UUID:
        return self.recorded.event_id

    @property
    def metadata(self) -> JsonDict:
        return self.recorded.metadata

    @property
    def recorded_at(self) -> datetime:
        return self.recorded.recorded_at


DECODED_KEPT = 4096


@dataclass
class _Kind:
    model: type[BaseModel]
    name: str
    version: int
    upcasters: dict[int, Upcaster] = field(default_factory=dict)  # from version -> step


class EventRegistry:
    def __init__(self, *models: type[BaseModel]) -> None:
        """A registry of these models, each at schema version 1 (register others one by one)."""
        self._by_name: dict[str, _Kind] = {}
        self._by_model: dict[type[BaseModel], _Kind] = {}
        self._decoded: dict[tuple[UUID, bytes], BaseModel] = {}
        for model in models:
            self.register(model)

    def register(self, model: type[M], *, version: int = 1) -> type[M]:
        """Record `model` under its class name at schema `version`; usable as a decorator."""
        if version < 1:
            raise ValueError(f"{model.__name__}: schema version must be 1 or more")
        name = model.__name__
        held = self._by_name.get(name)
        if held is not None and held.model is not model:
            raise ValueError(f"{name} is already registered to another class")
        if held is not None and held.version != version:
            raise ValueError(f"{name} is already registered at version {held.version}")
        kind = held or _Kind(model, name, version)
        self._by_name[name] = self._by_model[model] = kind
        return model

    def upcaster(self, model: type[BaseModel], from_version: int) -> Callable[[U], U]:
        """Register a pure step from the data of `from_version` to that of the next; it must
        be named `upcast_v<N>_to_v<N+1>` so the chain reads in code as it runs."""
        kind = self._kind(model)
        if not 1 <= from_version < kind.version:
            raise ValueError(
                f"{kind.name} is at version {kind.version}: no step from v{from_version}"
            )
        expected = f"upcast_v{from_version}_to_v{from_version + 1}"

        def decorate(step: U) -> U:
            if step.__name__ != expected:
                raise ValueError(f"the upcaster of {kind.name} must be named {expected!r}")
            if from_version in kind.upcasters:
                raise ValueError(f"{kind.name} already has a step from v{from_version}")
            kind.upcasters[from_version] = step
            return step

        return decorate

    def name_of(self, model: type[BaseModel]) -> str:
        return self._kind(model).name

    def types_of(self, *models: type[BaseModel]) -> frozenset[str]:
        """The stored names of these models: what a follower reading only them asks for."""
        return frozenset(self._kind(m).name for m in models)

    def select(self, *models: type[E]) -> EventSelection[E]:
        """These models only: a follower's or an aggregate's view of the log."""
        if not models:
            raise ValueError("select at least one model")
        return EventSelection(self, tuple(models), self.types_of(*models))

    def models(self) -> list[type[BaseModel]]:
        return [kind.model for kind in self._by_name.values()]

    def to_new(
        self, event: BaseModel, *, metadata: JsonDict | None = None, event_id: UUID | None = None
    ) -> NewEvent:
        kind = self._kind(type(event))
        return NewEvent(
            kind.name,
            event.model_dump(mode="json"),
            kind.version,
            event_id or uuid4(),
            dict(metadata) if metadata else {},
        )

    def decode(self, recorded: RecordedEvent) -> BaseModel:
        """The record as its model. The last DECODED_KEPT records of frozen models are kept
        decoded, by event id and hash (the hash covers the record's content: one id in two
        schemas of a test process is two entries): the read models of a service each decode
        every event they follow, and validation was most of their CPU (bench.profile_issue)."""
        key = (recorded.event_id, recorded.hash)
        found = self._decoded.get(key)
        if found is not None:
            return found
        kind = self._by_name.get(recorded.event_type)
        if kind is None:
            raise UnknownEvent(f"no model is registered for {recorded.event_type!r}")
        data = recorded.data
        if recorded.schema_version != kind.version:
            data = self._upcast(kind, recorded.schema_version, data)
        model = kind.model.model_validate(data)
        if kind.model.model_config.get("frozen"):
            self._decoded[key] = model
            if len(self._decoded) > DECODED_KEPT:
                del self._decoded[next(iter(self._decoded))]  # the oldest kept
        return model

    def _upcast(self, kind: _Kind, version: int, data: JsonDict) -> JsonDict:
        if version > kind.version:
            raise UnknownEvent(
                f"{kind.name} v{version} is newer than v{kind.version} this code knows"
            )
        data = copy.deepcopy(data)  # Why: a step may change what it gets; the record must not
        for step_from in range(version, kind.version):
            step = kind.upcasters.get(step_from)
            if step is None:
                raise UnknownEvent(f"{kind.name}: no upcaster from v{step_from}")
            data = step(data)
        return data

    def _kind(self, model: type[BaseModel]) -> _Kind:
        kind = self._by_model.get(model)
        if kind is None:
            raise UnknownEvent(f"{model.__name__} is not a registered event")
        return kind


@dataclass(frozen=True)
class EventSelection(Generic[E]):
    """Some models of a registry: an aggregate's events, or what one follower reads. Decoding
    a record of a type outside it raises UnknownEvent (a stream holding a foreign event, or a
    reader handed a type it did not ask for, is a bug to see, not to skip)."""

    registry: EventRegistry
    models: tuple[type[E], ...]
    types: frozenset[str]

    def __contains__(self, event_type: object) -> bool:
        return event_type in self.types

    def decode(self, recorded: RecordedEvent) -> E:
        if recorded.event_type not in self.types:
            raise UnknownEvent(f"{recorded.event_type!r} is not one of {sorted(self.types)}")
        return cast(E, self.registry.decode(recorded))

    def decoded(self, recorded: RecordedEvent) -> Decoded[E]:
        return Decoded(self.decode(recorded), recorded)

    def decode_all(self, recorded: Iterable[RecordedEvent]) -> list[Decoded[E]]:
        return [Decoded(self.decode(r), r) for r in recorded]

    def to_new(
        self, event: E, *, metadata: JsonDict | None = None, event_id: UUID | None = None
    ) -> NewEvent:
        if not isinstance(event, self.models):
            raise UnknownEvent(f"{type(event).__name__} is not one of {sorted(self.types)}")
        return self.registry.to_new(event, metadata=metadata, event_id=event_id)
