"""Type registry of public events: from a CloudEvents `type` and a record value to an event.

An event type has a name (`<service>.<EventName>`) and versions. Each version is a class; an
upcaster turns the JSON of version N into the JSON of version N+1. `decode` reads any version
it has an upcaster chain for and always returns the *latest* class of that name, so consumers
handle one shape per event type, however old the record they replay.

Decoding is a tolerant reader: properties the class does not know are ignored (a producer may
have added an optional property to the same version, see README "Versioning"). Invalid values
raise pydantic's `ValidationError`, unchanged; an unknown type raises `UnknownEventType`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import TypeAdapter

from kompeten_contracts.base import PublicEvent

E = TypeVar("E", bound=type[PublicEvent])
E_ = TypeVar("E_", bound=PublicEvent)
JsonObject = dict[str, Any]
Upcaster = Callable[[JsonObject], JsonObject]
U = TypeVar("U", bound=Upcaster)

PREFIX = "id.kompeten."
_NAME = r"(?P<service>[a-z][a-z0-9_-]*)\.(?P<name>[A-Z][A-Za-z0-9]*)"
_CE_TYPE = re.compile(rf"^id\.kompeten\.{_NAME}\.v(?P<version>[1-9][0-9]*)$")
_CE_NAME = re.compile(rf"^(?:id\.kompeten\.)?{_NAME}$")
_JSON_OBJECT: TypeAdapter[JsonObject] = TypeAdapter(JsonObject)


class UnknownEventType(LookupError):
    """The registry cannot turn records of this CloudEvents type into an event."""

    def __init__(self, ce_type: str, reason: str) -> None:
        super().__init__(f"unknown event type {ce_type!r}: {reason}")
        self.ce_type = ce_type
        self.reason = reason


@dataclass(frozen=True)
class EventType:
    """A parsed CloudEvents type: `id.kompeten.<service>.<name>.v<version>`."""

    service: str
    name: str
    version: int

    @property
    def ce_name(self) -> str:
        return f"{self.service}.{self.name}"

    @property
    def ce_type(self) -> str:
        return f"{PREFIX}{self.ce_name}.v{self.version}"

    @classmethod
    def parse(cls, ce_type: str) -> EventType:
        match = _CE_TYPE.match(ce_type)
        if match is None:
            raise UnknownEventType(
                ce_type, "not of the form id.kompeten.<service>.<EventName>.v<N>"
            )
        return cls(match["service"], match["name"], int(match["version"]))

    @classmethod
    def of(cls, event_class: type[PublicEvent]) -> EventType:
        return cls.parse(event_class.ce_type())


def parse_ce_name(ce_name: str) -> str:
    """`registration.CandidateRegistered` (the `id.kompeten.` prefix is optional)."""
    match = _CE_NAME.match(ce_name)
    if match is None:
        raise ValueError(
            f"{ce_name!r} is not an event name: expected <service>.<EventName>, "
            "e.g. registration.CandidateRegistered"
        )
    return f"{match['service']}.{match['name']}"


def encode(event: PublicEvent) -> bytes:
    """The record value: compact JSON, field aliases, JSON-mode values (ISO times, UUID text)."""
    return event.model_dump_json(by_alias=True).encode()


class TypeRegistry:
    def __init__(self) -> None:
        self._classes: dict[tuple[str, int], type[PublicEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    # -- registration -------------------------------------------------------------------------

    def register(self, event_class: E) -> E:
        """Register a public event class; usable as a class decorator. Idempotent per class."""
        try:
            kind = EventType.of(event_class)
        except (AttributeError, UnknownEventType) as error:
            raise ValueError(
                f"{event_class.__qualname__} does not declare a valid event type "
                "(ClassVars service, name, version)"
            ) from error
        key = (kind.ce_name, kind.version)
        existing = self._classes.get(key)
        if existing is not None and existing is not event_class:
            raise ValueError(
                f"{kind.ce_type} is already registered to {existing.__qualname__}; "
                f"cannot register {event_class.__qualname__} under the same type"
            )
        self._classes[key] = event_class
        return event_class

    def upcaster(self, ce_name: str, from_version: int) -> Callable[[U], U]:
        """Register a pure function from the JSON of `from_version` to that of the next.

        The function must be named `upcast_v<N>_to_v<N+1>`, so the chain reads in code as it
        runs. It receives a private copy of the data and returns the new object.
        """
        name = parse_ce_name(ce_name)
        if from_version < 1:
            raise ValueError(f"from_version must be 1 or more, not {from_version}")
        expected = f"upcast_v{from_version}_to_v{from_version + 1}"

        def decorate(function: U) -> U:
            if function.__name__ != expected:
                raise ValueError(
                    f"upcaster {function.__name__!r} of {name} v{from_version} "
                    f"must be named {expected!r}"
                )
            if (name, from_version) in self._upcasters:
                raise ValueError(f"{name} already has an upcaster from v{from_version}")
            self._upcasters[(name, from_version)] = function
            return function

        return decorate

    # -- lookup -------------------------------------------------------------------------------

    def get(self, ce_type: str) -> type[PublicEvent]:
        """The class registered for exactly this type and version."""
        kind = EventType.parse(ce_type)
        found = self._classes.get((kind.ce_name, kind.version))
        if found is None:
            raise UnknownEventType(ce_type, "no class is registered for this version")
        return found

    def latest(self, name: str) -> type[PublicEvent]:
        """The newest class of an event name (`registration.CandidateRegistered`)."""
        ce_name = parse_ce_name(name)
        versions = self._versions(ce_name)
        if not versions:
            raise UnknownEventType(f"{PREFIX}{ce_name}", "no version of it is registered")
        return self._classes[(ce_name, versions[-1])]

    def events(self) -> list[type[PublicEvent]]:
        """Every registered class, by name then version."""
        return [self._classes[key] for key in sorted(self._classes)]

    def ce_types(self) -> list[str]:
        return [event_class.ce_type() for event_class in self.events()]

    def __contains__(self, ce_type: object) -> bool:
        if not isinstance(ce_type, str):
            return False
        try:
            self.get(ce_type)
        except UnknownEventType:
            return False
        return True

    def __iter__(self) -> Iterator[type[PublicEvent]]:
        return iter(self.events())

    def __len__(self) -> int:
        return len(self._classes)

    def _versions(self, ce_name: str) -> list[int]:
        return sorted(version for name, version in self._classes if name == ce_name)

    def upcaster_chain(self, ce_type: str) -> list[Upcaster]:
        """The upcasters that take a record of `ce_type` to the latest version of its name."""
        kind = EventType.parse(ce_type)
        versions = self._versions(kind.ce_name)
        if not versions:
            raise UnknownEventType(ce_type, f"no version of {kind.ce_name} is registered")
        latest = versions[-1]
        if kind.version > latest:
            raise UnknownEventType(
                ce_type,
                f"newer than the latest registered version v{latest} of {kind.ce_name}; "
                "upgrade kompeten-contracts",
            )
        chain: list[Upcaster] = []
        for version in range(kind.version, latest):
            step = self._upcasters.get((kind.ce_name, version))
            if step is None:
                raise UnknownEventType(
                    ce_type,
                    f"no upcaster from v{version} to v{version + 1} of {kind.ce_name} "
                    f"(latest is v{latest})",
                )
            chain.append(step)
        return chain

    # -- decoding -----------------------------------------------------------------------------

    def decode(self, ce_type: str, payload: bytes | str | JsonObject) -> PublicEvent:
        """Upcast a record value of `ce_type` to the latest version and validate it.

        `payload` is the record value (JSON bytes or text) or an already parsed object.
        """
        chain = self.upcaster_chain(ce_type)
        latest = self.latest(EventType.parse(ce_type).ce_name)
        if isinstance(payload, dict):
            data = copy.deepcopy(payload) if chain else payload
        else:
            data = _JSON_OBJECT.validate_json(payload)  # ValidationError if not a JSON object
        for step in chain:
            result = step(data)
            if not isinstance(result, dict):
                raise TypeError(
                    f"upcaster {step.__name__} returned {type(result).__name__}, not a dict"
                )
            data = result
        return latest.model_validate(data, extra="ignore")

    def decode_as(
        self, event_class: type[E_], ce_type: str, payload: bytes | str | JsonObject
    ) -> E_:
        """`decode`, checking that the result is an instance of `event_class`."""
        event = self.decode(ce_type, payload)
        if not isinstance(event, event_class):
            raise TypeError(
                f"{ce_type} decodes to {type(event).__name__}, not {event_class.__name__}"
            )
        return event


REGISTRY = TypeRegistry()
"""The registry of every public event of Kompeten; filled when `kompeten_contracts` is imported."""
