"""The upcaster mechanism, proven on test-local events in a fresh registry.

No Kompeten event has a v2 yet. `ExamScheduled` here goes through two real changes:
v1 -> v2 is structural (one candidate becomes a list; the place becomes a venue object),
v2 -> v3 adds a required property (the duration, 120 minutes before it was recorded).
Each needs a new version plus an upcaster, and `compat` says so.
"""

from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kompeten_contracts import PublicEvent, encode
from kompeten_contracts.compat import ChangeKind, incompatible_changes
from kompeten_contracts.registry import TypeRegistry, UnknownEventType
from kompeten_contracts.schemas import json_schema

NAME = "assessment.ExamScheduled"
EXAM = UUID("9b0f4d1e-8c2a-4f57-b1d3-6e5a7c9d2f40")
ALICE = UUID("3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11")
STARTS = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)


class ExamScheduledV1(PublicEvent):
    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "ExamScheduled"
    version: ClassVar[int] = 1

    exam_id: UUID
    candidate_id: UUID
    starts_at: datetime
    place: str


class Venue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    district_code: str | None = Field(default=None, pattern=r"^\d{4}$")


class ExamScheduledV2(PublicEvent):
    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "ExamScheduled"
    version: ClassVar[int] = 2

    exam_id: UUID
    candidate_ids: tuple[UUID, ...]
    starts_at: datetime
    venue: Venue


class ExamScheduledV3(PublicEvent):
    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "ExamScheduled"
    version: ClassVar[int] = 3

    exam_id: UUID
    candidate_ids: tuple[UUID, ...]
    starts_at: datetime
    venue: Venue
    duration_minutes: int = Field(gt=0)


CALLS: list[str] = []


def upcast_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    CALLS.append("v1->v2")
    candidate = data.pop("candidate_id")
    place = data.pop("place")
    return data | {"candidate_ids": [candidate], "venue": {"name": place}}


def upcast_v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    CALLS.append("v2->v3")
    return data | {"duration_minutes": 120}


@pytest.fixture
def registry() -> TypeRegistry:
    CALLS.clear()
    fresh = TypeRegistry()
    for event_class in (ExamScheduledV1, ExamScheduledV2, ExamScheduledV3):
        fresh.register(event_class)
    fresh.upcaster(NAME, 1)(upcast_v1_to_v2)
    fresh.upcaster(NAME, 2)(upcast_v2_to_v3)
    return fresh


def v1() -> ExamScheduledV1:
    return ExamScheduledV1(
        exam_id=EXAM, candidate_id=ALICE, starts_at=STARTS, place="Gedung Koperasi"
    )


def v3(duration: int = 120) -> ExamScheduledV3:
    return ExamScheduledV3(
        exam_id=EXAM,
        candidate_ids=(ALICE,),
        starts_at=STARTS,
        venue=Venue(name="Gedung Koperasi"),
        duration_minutes=duration,
    )


def test_the_latest_version_is_the_newest_class(registry: TypeRegistry) -> None:
    assert registry.latest(NAME) is ExamScheduledV3


def test_a_v1_record_is_upcast_through_the_chain_to_v3(registry: TypeRegistry) -> None:
    event = registry.decode(ExamScheduledV1.ce_type(), encode(v1()))
    assert event == v3()
    assert CALLS == ["v1->v2", "v2->v3"]


def test_a_v2_record_needs_one_step(registry: TypeRegistry) -> None:
    value = ExamScheduledV2(
        exam_id=EXAM, candidate_ids=(ALICE,), starts_at=STARTS, venue=Venue(name="Gedung Koperasi")
    )
    assert registry.decode(ExamScheduledV2.ce_type(), encode(value)) == v3()
    assert CALLS == ["v2->v3"]


def test_a_latest_record_is_not_upcast(registry: TypeRegistry) -> None:
    assert registry.decode(ExamScheduledV3.ce_type(), encode(v3(90))) == v3(90)
    assert CALLS == []


def test_the_chain_reads_in_order(registry: TypeRegistry) -> None:
    chain = registry.upcaster_chain(ExamScheduledV1.ce_type())
    assert [step.__name__ for step in chain] == ["upcast_v1_to_v2", "upcast_v2_to_v3"]
    assert registry.upcaster_chain(ExamScheduledV3.ce_type()) == []


def test_upcasters_do_not_touch_the_callers_data(registry: TypeRegistry) -> None:
    data = v1().model_dump(mode="json")
    before = dict(data)
    registry.decode(ExamScheduledV1.ce_type(), data)
    assert data == before


def test_old_versions_need_no_class_once_upcast() -> None:
    # v1 retired from code: its records stay readable through the upcasters alone.
    registry = TypeRegistry()
    registry.register(ExamScheduledV2)
    registry.register(ExamScheduledV3)
    registry.upcaster(NAME, 1)(upcast_v1_to_v2)
    registry.upcaster(NAME, 2)(upcast_v2_to_v3)
    assert registry.decode(ExamScheduledV1.ce_type(), encode(v1())) == v3()
    with pytest.raises(UnknownEventType, match="no class is registered"):
        registry.get(ExamScheduledV1.ce_type())


def test_a_gap_in_the_chain_is_an_unknown_type_naming_the_gap() -> None:
    registry = TypeRegistry()
    registry.register(ExamScheduledV1)
    registry.register(ExamScheduledV3)
    registry.upcaster(NAME, 1)(upcast_v1_to_v2)
    with pytest.raises(UnknownEventType) as raised:
        registry.decode(ExamScheduledV1.ce_type(), encode(v1()))
    assert raised.value.ce_type == ExamScheduledV1.ce_type()
    assert "no upcaster from v2 to v3" in str(raised.value)


def test_an_upcast_result_is_validated(registry: TypeRegistry) -> None:
    bad = v1().model_dump(mode="json") | {"exam_id": "not a uuid"}
    with pytest.raises(ValidationError):
        registry.decode(ExamScheduledV1.ce_type(), bad)


def test_an_upcaster_must_return_a_dict() -> None:
    registry = TypeRegistry()
    registry.register(ExamScheduledV2)

    @registry.upcaster(NAME, 1)
    def upcast_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
        return None  # type: ignore[return-value]

    with pytest.raises(TypeError, match="upcast_v1_to_v2 returned NoneType"):
        registry.decode(ExamScheduledV1.ce_type(), encode(v1()))


def test_upcasters_are_named_for_the_step_they_take() -> None:
    registry = TypeRegistry()

    def convert(data: dict[str, Any]) -> dict[str, Any]:
        return data

    with pytest.raises(ValueError, match="must be named 'upcast_v1_to_v2'"):
        registry.upcaster(NAME, 1)(convert)
    with pytest.raises(ValueError, match="must be named 'upcast_v2_to_v3'"):
        registry.upcaster(NAME, 2)(upcast_v1_to_v2)
    with pytest.raises(ValueError, match="not an event name"):
        registry.upcaster("ExamScheduled", 1)(upcast_v1_to_v2)
    with pytest.raises(ValueError, match="1 or more"):
        registry.upcaster(NAME, 0)


def test_one_upcaster_per_step(registry: TypeRegistry) -> None:
    with pytest.raises(ValueError, match="already has an upcaster from v1"):
        registry.upcaster(NAME, 1)(upcast_v1_to_v2)


def test_each_version_step_was_needed() -> None:
    # Why these are new versions and not edits of v1: compat refuses them.
    step_1 = {
        c.kind
        for c in incompatible_changes(json_schema(ExamScheduledV1), json_schema(ExamScheduledV2))
    }
    assert ChangeKind.PROPERTY_REMOVED in step_1
    assert ChangeKind.REQUIRED_ADDED in step_1
    step_2 = incompatible_changes(json_schema(ExamScheduledV2), json_schema(ExamScheduledV3))
    assert [(c.kind, c.path) for c in step_2] == [(ChangeKind.REQUIRED_ADDED, "$.duration_minutes")]
