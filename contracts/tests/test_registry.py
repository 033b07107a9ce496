import json
from datetime import UTC, datetime
from typing import ClassVar
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

import kompeten_contracts
from kompeten_contracts import REGISTRY, CandidateRegisteredV1, PublicEvent, encode
from kompeten_contracts.catalog import PUBLIC_EVENTS
from kompeten_contracts.registry import EventType, TypeRegistry, UnknownEventType

CE_TYPE = "id.kompeten.registration.CandidateRegistered.v1"


def registered() -> CandidateRegisteredV1:
    return CandidateRegisteredV1(
        candidate_id=UUID("3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11"),
        district_code="3273",
        registered_at=datetime(2026, 3, 1, 1, 30, tzinfo=UTC),
    )


def test_every_public_event_is_registered() -> None:
    assert REGISTRY.events() == sorted(PUBLIC_EVENTS, key=lambda cls: (cls.service, cls.name))
    assert CE_TYPE in REGISTRY
    assert REGISTRY.get(CE_TYPE) is CandidateRegisteredV1
    assert REGISTRY.latest("registration.CandidateRegistered") is CandidateRegisteredV1
    assert REGISTRY.latest("id.kompeten.registration.CandidateRegistered") is CandidateRegisteredV1


def test_the_package_reexports_its_api() -> None:
    for name in ("Envelope", "PublicEvent", "CandidateRegisteredV1", "REGISTRY", "encode"):
        assert name in kompeten_contracts.__all__
    assert kompeten_contracts.events_topic("registration") == "kompeten.registration.events"
    assert kompeten_contracts.REGISTRATION_EVENTS == "kompeten.registration.events"


def test_encode_is_compact_json() -> None:
    value = encode(registered())
    assert value == (
        b'{"candidate_id":"3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11","district_code":"3273",'
        b'"registered_at":"2026-03-01T01:30:00Z"}'
    )


@pytest.mark.parametrize("as_", ["bytes", "str", "dict"])
def test_decode_round_trips(as_: str) -> None:
    event = registered()
    value = encode(event)
    payload: bytes | str | dict[str, object] = {
        "bytes": value,
        "str": value.decode(),
        "dict": json.loads(value),
    }[as_]
    assert REGISTRY.decode(CE_TYPE, payload) == event
    assert REGISTRY.decode_as(CandidateRegisteredV1, CE_TYPE, payload) == event


def test_decode_ignores_properties_it_does_not_know() -> None:
    # A producer with a newer revision of v1 may add an optional property; readers ignore it.
    data = json.loads(encode(registered())) | {"added_later": "x"}
    assert REGISTRY.decode(CE_TYPE, data) == registered()


def test_constructing_an_event_still_forbids_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        CandidateRegisteredV1.model_validate(json.loads(encode(registered())) | {"nik": "1"})


@pytest.mark.parametrize(
    "ce_type",
    [
        "id.kompeten.registration.CandidateDeleted.v1",  # no such event
        "id.kompeten.registration.CandidateRegistered.v2",  # newer than we know
        "id.kompeten.registration.CandidateRegistered",  # no version
        "com.example.CandidateRegistered.v1",  # not ours
        "",
    ],
)
def test_an_unknown_type_is_named(ce_type: str) -> None:
    with pytest.raises(UnknownEventType) as raised:
        REGISTRY.decode(ce_type, encode(registered()))
    assert raised.value.ce_type == ce_type
    assert repr(ce_type) in str(raised.value)
    assert isinstance(raised.value, LookupError)


def test_a_newer_version_says_to_upgrade() -> None:
    with pytest.raises(UnknownEventType, match="upgrade kompeten-contracts"):
        REGISTRY.decode("id.kompeten.registration.CandidateRegistered.v2", b"{}")


def test_latest_of_an_unknown_name() -> None:
    with pytest.raises(UnknownEventType, match=r"registration\.Nothing"):
        REGISTRY.latest("registration.Nothing")
    with pytest.raises(ValueError, match="not an event name"):
        REGISTRY.latest("CandidateRegistered")


def test_an_invalid_value_raises_pydantics_validation_error() -> None:
    data = json.loads(encode(registered())) | {"district_code": "32"}
    with pytest.raises(ValidationError) as raised:
        REGISTRY.decode(CE_TYPE, data)
    assert raised.value.errors()[0]["loc"] == ("district_code",)


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b'"text"'])
def test_a_value_that_is_not_a_json_object_is_a_validation_error(payload: bytes) -> None:
    with pytest.raises(ValidationError):
        REGISTRY.decode(CE_TYPE, payload)


def test_decode_as_checks_the_class() -> None:
    class Other(PublicEvent):
        service: ClassVar[str] = "registration"
        name: ClassVar[str] = "Other"
        version: ClassVar[int] = 1

    with pytest.raises(TypeError, match="not Other"):
        REGISTRY.decode_as(Other, CE_TYPE, encode(registered()))


def test_registering_is_idempotent_but_a_type_has_one_class() -> None:
    registry = TypeRegistry()
    assert registry.register(CandidateRegisteredV1) is CandidateRegisteredV1
    registry.register(CandidateRegisteredV1)
    assert len(registry) == 1

    class Impostor(PublicEvent):
        service: ClassVar[str] = "registration"
        name: ClassVar[str] = "CandidateRegistered"
        version: ClassVar[int] = 1

    with pytest.raises(ValueError, match="already registered"):
        registry.register(Impostor)


def test_a_class_without_a_valid_type_is_refused() -> None:
    class Nameless(PublicEvent):
        service: ClassVar[str] = "registration"
        name: ClassVar[str] = "lower case"
        version: ClassVar[int] = 1

    with pytest.raises(ValueError, match="valid event type"):
        TypeRegistry().register(Nameless)
    with pytest.raises(ValueError, match="valid event type"):
        TypeRegistry().register(PublicEvent)


def test_event_type_parsing() -> None:
    kind = EventType.parse(CE_TYPE)
    assert kind == EventType("registration", "CandidateRegistered", 1)
    assert kind.ce_type == CE_TYPE
    assert EventType.of(CandidateRegisteredV1) == kind


def test_a_fresh_registry_is_empty() -> None:
    registry = TypeRegistry()
    assert len(registry) == 0
    with pytest.raises(UnknownEventType):
        registry.decode(CE_TYPE, {"candidate_id": str(uuid4())})
