"""`compat.incompatible_changes`: one test per kind of break, and the compatible changes."""

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

import pytest
from pydantic import BaseModel, Field

from kompeten_contracts.compat import Change, ChangeKind, incompatible_changes, is_compatible


def schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def kinds(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[ChangeKind, str]]:
    return [(change.kind, change.path) for change in incompatible_changes(old, new)]


class Base(BaseModel):
    candidate_id: UUID
    district_code: str = Field(pattern=r"^\d{4}$")
    score: int
    passed_at: datetime


def test_identical_schemas_are_compatible() -> None:
    assert incompatible_changes(schema(Base), schema(Base)) == []
    assert is_compatible(schema(Base), schema(Base))


def test_adding_an_optional_property_is_compatible() -> None:
    class WithOptional(Base):
        remarks: str | None = None
        attempt: int = 1

    assert incompatible_changes(schema(Base), schema(WithOptional)) == []


def test_descriptions_titles_and_defaults_may_change() -> None:
    class Described(BaseModel):
        score: int = Field(default=0, title="Score", description="Out of 100")

    class Redescribed(BaseModel):
        score: int = Field(default=5, title="Nilai", description="Out of a hundred")

    assert incompatible_changes(schema(Described), schema(Redescribed)) == []


def test_removing_a_property() -> None:
    class WithoutScore(BaseModel):
        candidate_id: UUID
        district_code: str = Field(pattern=r"^\d{4}$")
        passed_at: datetime

    assert kinds(schema(Base), schema(WithoutScore)) == [(ChangeKind.PROPERTY_REMOVED, "$.score")]


def test_removing_an_optional_property_also_breaks() -> None:
    class Optional(BaseModel):
        remarks: str | None = None

    class Gone(BaseModel):
        pass

    assert kinds(schema(Optional), schema(Gone)) == [(ChangeKind.PROPERTY_REMOVED, "$.remarks")]


@pytest.mark.parametrize(
    ("new_type", "detail"),
    [
        (str, "integer -> string"),
        (float, "integer -> number"),
        (int | None, "integer -> integer | null"),
    ],
)
def test_changing_a_type(new_type: Any, detail: str) -> None:
    class Old(BaseModel):
        score: int

    New = type("New", (BaseModel,), {"__annotations__": {"score": new_type}})
    changes = incompatible_changes(schema(Old), schema(New))
    assert [(c.kind, c.path, c.detail) for c in changes] == [
        (ChangeKind.TYPE_CHANGED, "$.score", detail)
    ]


def test_making_a_nullable_property_non_null_breaks_replay() -> None:
    class Old(BaseModel):
        remarks: str | None

    class New(BaseModel):
        remarks: str

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.TYPE_CHANGED, "$.remarks")]


def test_a_new_required_property() -> None:
    class WithRequired(Base):
        attempt: int

    changes = incompatible_changes(schema(Base), schema(WithRequired))
    assert [(c.kind, c.path) for c in changes] == [(ChangeKind.REQUIRED_ADDED, "$.attempt")]
    assert "older records lack it" in changes[0].detail


def test_an_optional_property_made_required() -> None:
    class Old(BaseModel):
        attempt: int = 1

    class New(BaseModel):
        attempt: int

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.REQUIRED_ADDED, "$.attempt")]


def test_a_required_property_made_optional() -> None:
    class Old(BaseModel):
        attempt: int

    class New(BaseModel):
        attempt: int = 1

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.REQUIRED_DROPPED, "$.attempt")]


class Grade(StrEnum):
    COMPETENT = "competent"
    NOT_YET = "not_yet_competent"
    ABSENT = "absent"


class FewerGrades(StrEnum):
    COMPETENT = "competent"
    NOT_YET = "not_yet_competent"


class MoreGrades(StrEnum):
    COMPETENT = "competent"
    NOT_YET = "not_yet_competent"
    ABSENT = "absent"
    WITHDRAWN = "withdrawn"


def test_removing_an_enum_value() -> None:
    class Old(BaseModel):
        grade: Grade

    class New(BaseModel):
        grade: FewerGrades

    changes = incompatible_changes(schema(Old), schema(New))
    assert [(c.kind, c.path) for c in changes] == [(ChangeKind.ENUM_VALUE_REMOVED, "$.grade")]
    assert "'absent'" in changes[0].detail


def test_adding_an_enum_value_is_compatible() -> None:
    class Old(BaseModel):
        grade: Grade

    class New(BaseModel):
        grade: MoreGrades

    assert incompatible_changes(schema(Old), schema(New)) == []


def test_removing_a_literal_value() -> None:
    class Old(BaseModel):
        channel: Literal["web", "office"]

    class New(BaseModel):
        channel: Literal["web"]

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.ENUM_VALUE_REMOVED, "$.channel")]


def test_restricting_free_text_to_an_enum() -> None:
    class Old(BaseModel):
        grade: str

    class New(BaseModel):
        grade: Grade

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.CONSTRAINT_CHANGED, "$.grade")]


def test_changing_a_pattern() -> None:
    class New(Base):
        district_code: str = Field(pattern=r"^\d{2}\.\d{2}$")

    changes = incompatible_changes(schema(Base), schema(New))
    assert [(c.kind, c.path) for c in changes] == [(ChangeKind.PATTERN_CHANGED, "$.district_code")]


def test_dropping_a_pattern_also_breaks_old_readers() -> None:
    class New(Base):
        district_code: str

    assert kinds(schema(Base), schema(New)) == [(ChangeKind.PATTERN_CHANGED, "$.district_code")]


def test_changing_a_format() -> None:
    class New(Base):
        passed_at: str  # type: ignore[assignment]

    assert kinds(schema(Base), schema(New)) == [(ChangeKind.FORMAT_CHANGED, "$.passed_at")]


def test_changing_a_uuid_to_free_text() -> None:
    old = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}}
    new = {"type": "object", "properties": {"id": {"type": "string"}}}
    assert kinds(old, new) == [(ChangeKind.FORMAT_CHANGED, "$.id")]


def test_changing_a_range() -> None:
    class Old(BaseModel):
        score: int = Field(ge=0, le=100)

    class New(BaseModel):
        score: int = Field(ge=0, le=10)

    changes = incompatible_changes(schema(Old), schema(New))
    assert [(c.kind, c.detail) for c in changes] == [
        (ChangeKind.CONSTRAINT_CHANGED, "maximum 100 -> 10")
    ]


@pytest.mark.parametrize(
    ("old_additional", "new_additional", "detail"),
    [
        (None, False, "open -> closed"),
        (True, False, "open -> closed"),
        (None, {"type": "string"}, "open -> constrained by a schema"),
        ({"type": "string"}, False, "constrained -> closed"),
    ],
)
def test_tightening_additional_properties(
    old_additional: Any, new_additional: Any, detail: str
) -> None:
    old: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
    if old_additional is not None:
        old["additionalProperties"] = old_additional
    new = {**old, "additionalProperties": new_additional}
    changes = incompatible_changes(old, new)
    assert [(c.kind, c.path, c.detail) for c in changes] == [
        (ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED, "$", detail)
    ]


def test_loosening_additional_properties_is_compatible() -> None:
    closed = {"type": "object", "properties": {}, "additionalProperties": False}
    assert incompatible_changes(closed, {"type": "object", "properties": {}}) == []


def test_a_map_value_type_change_is_found() -> None:
    class Old(BaseModel):
        scores: dict[str, int]

    class New(BaseModel):
        scores: dict[str, str]

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.TYPE_CHANGED, "$.scores.*")]


class Address(BaseModel):
    district_code: str = Field(pattern=r"^\d{4}$")
    street: str


class NarrowAddress(BaseModel):
    district_code: str = Field(pattern=r"^\d{4}$")


def test_changes_inside_nested_models_and_lists_are_found_through_refs() -> None:
    class Old(BaseModel):
        venue: Address
        venues: list[Address]
        maybe: Address | None = None

    class New(BaseModel):
        venue: NarrowAddress
        venues: list[NarrowAddress]
        maybe: NarrowAddress | None = None

    assert kinds(schema(Old), schema(New)) == [
        (ChangeKind.PROPERTY_REMOVED, "$.venue.street"),
        (ChangeKind.PROPERTY_REMOVED, "$.venues[].street"),
        (ChangeKind.PROPERTY_REMOVED, "$.maybe.street"),
    ]


def test_a_list_becoming_a_single_value() -> None:
    class Old(BaseModel):
        ids: list[UUID]

    class New(BaseModel):
        ids: UUID

    assert kinds(schema(Old), schema(New)) == [(ChangeKind.TYPE_CHANGED, "$.ids")]


class Node(BaseModel):
    label: str
    children: list["Node"] = []


class NodeV2(BaseModel):
    label: int
    children: list["NodeV2"] = []


def test_recursive_schemas_terminate() -> None:
    assert incompatible_changes(schema(Node), schema(Node)) == []
    assert kinds(schema(Node), schema(NodeV2)) == [(ChangeKind.TYPE_CHANGED, "$.label")]


def test_several_breaks_are_all_listed() -> None:
    class New(BaseModel):
        candidate_id: str
        district_code: str = Field(pattern=r"^\d{2}$")
        passed_at: datetime
        attempt: int

    assert {kind for kind, _ in kinds(schema(Base), schema(New))} == {
        ChangeKind.FORMAT_CHANGED,
        ChangeKind.PATTERN_CHANGED,
        ChangeKind.PROPERTY_REMOVED,
        ChangeKind.REQUIRED_ADDED,
    }


def test_a_change_reads_as_a_sentence() -> None:
    change = Change(ChangeKind.PROPERTY_REMOVED, "$.score", "'score' is gone")
    assert str(change) == "$.score: property removed: 'score' is gone"


def test_external_refs_are_refused() -> None:
    with pytest.raises(ValueError, match="same document"):
        incompatible_changes({"$ref": "https://example.com/x.json"}, {"type": "object"})
