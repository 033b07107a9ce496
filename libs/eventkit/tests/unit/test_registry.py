"""The typed event registry: names and shapes as stored, upcasting by explicit versions, and
loud refusals of what it does not know."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from pydantic import BaseModel, ConfigDict

from eventkit.registry import EventRegistry, UnknownEvent
from eventkit.store import InMemoryEventStore, JsonDict, NewEvent

AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: UUID


class ItemAdded(Event):
    title: str
    added_at: datetime


class ItemRenamed(Event):
    """At version 2: `name` (v1) became `title`, and `reason` was added."""

    title: str
    reason: str


class Unregistered(Event):
    pass


def registry() -> EventRegistry:
    events = EventRegistry(ItemAdded)
    events.register(ItemRenamed, version=2)

    @events.upcaster(ItemRenamed, from_version=1)
    def upcast_v1_to_v2(data: JsonDict) -> JsonDict:
        data["title"] = data.pop("name")
        data.setdefault("reason", "")
        return data

    return events


async def recorded(new: NewEvent):  # type: ignore[no-untyped-def]
    store = InMemoryEventStore()
    [event] = await store.append("item-1", 0, [new])
    return event


async def test_a_model_is_stored_under_its_class_name_as_json_and_decodes_back() -> None:
    events, item = registry(), ItemAdded(item_id=uuid4(), title="Kasir", added_at=AT)
    new = events.to_new(item, metadata={"actor": "a-1"})

    assert (new.event_type, new.schema_version) == ("ItemAdded", 1)
    assert new.data == item.model_dump(mode="json") and new.metadata == {"actor": "a-1"}
    assert events.decode(await recorded(new)) == item


async def test_a_row_of_an_older_version_is_upcast_step_by_step_before_validation() -> None:
    events, item_id = registry(), uuid4()
    old = NewEvent("ItemRenamed", {"item_id": str(item_id), "name": "Bendahara"}, 1)
    row = await recorded(old)

    assert events.decode(row) == ItemRenamed(item_id=item_id, title="Bendahara", reason="")
    assert row.data == {"item_id": str(item_id), "name": "Bendahara"}  # the record is untouched
    assert events.to_new(ItemRenamed(item_id=item_id, title="x", reason="y")).schema_version == 2


async def test_what_the_registry_does_not_know_is_refused_not_skipped() -> None:
    events = registry()
    with pytest.raises(UnknownEvent):
        events.decode(await recorded(NewEvent("ItemRemoved", {"item_id": str(uuid4())})))
    with pytest.raises(UnknownEvent, match="newer"):
        events.decode(await recorded(NewEvent("ItemRenamed", {"item_id": str(uuid4())}, 3)))
    with pytest.raises(UnknownEvent):
        events.to_new(Unregistered(item_id=uuid4()))


def test_upcasters_are_named_for_their_step_and_registered_once() -> None:
    events = registry()
    with pytest.raises(ValueError, match="upcast_v1_to_v2"):
        events.upcaster(ItemRenamed, 1)(lambda data: data)
    with pytest.raises(ValueError, match="no step from v2"):
        events.upcaster(ItemRenamed, 2)
    with pytest.raises(ValueError, match="already has a step"):

        @events.upcaster(ItemRenamed, from_version=1)
        def upcast_v1_to_v2(data: JsonDict) -> JsonDict:
            return data


def test_one_class_per_name_and_version() -> None:
    events = registry()
    events.register(ItemAdded)  # the same again: nothing changes
    with pytest.raises(ValueError, match="version 1"):
        events.register(ItemAdded, version=2)
    clash = type("ItemAdded", (Event,), {"__annotations__": {"other": str}})
    with pytest.raises(ValueError, match="another class"):
        events.register(clash)


async def test_a_selection_reads_only_its_types_and_refuses_others() -> None:
    events = registry()
    added = events.select(ItemAdded)
    assert added.types == events.types_of(ItemAdded) == frozenset({"ItemAdded"})
    assert "ItemAdded" in added and "ItemRenamed" not in added

    item = ItemAdded(item_id=uuid4(), title="Kasir", added_at=AT)
    row = await recorded(events.to_new(item))
    decoded = added.decoded(row)
    assert (decoded.event, decoded.position, decoded.stream_id) == (item, 1, "item-1")
    renamed = ItemRenamed(item_id=uuid4(), title="x", reason="y")
    with pytest.raises(UnknownEvent):
        added.decode(await recorded(events.to_new(renamed)))
    with pytest.raises(UnknownEvent):
        added.to_new(renamed)  # type: ignore[arg-type]


class Mutable(BaseModel):
    item_id: UUID


async def test_a_frozen_event_is_decoded_once_and_a_mutable_one_every_time() -> None:
    events = registry()
    events.register(Mutable)
    frozen = await recorded(events.to_new(ItemAdded(item_id=uuid4(), title="Kasir", added_at=AT)))
    assert events.decode(frozen) is events.decode(frozen)  # read models share one decoding
    mutable = await recorded(events.to_new(Mutable(item_id=uuid4())))
    assert events.decode(mutable) is not events.decode(mutable)
    assert events.decode(mutable) == events.decode(mutable)


async def test_the_same_event_id_with_other_content_is_decoded_on_its_own() -> None:
    """Two schemas of one test process can hold one derived event id with other data: the
    record's hash (over its content) tells them apart."""
    events, item_id, event_id = registry(), uuid4(), uuid4()
    one = await recorded(
        NewEvent(
            "ItemAdded",
            {"item_id": str(item_id), "title": "Kasir", "added_at": AT.isoformat()},
            event_id=event_id,
        )
    )
    other = await recorded(
        NewEvent(
            "ItemAdded",
            {"item_id": str(item_id), "title": "Bendahara", "added_at": AT.isoformat()},
            event_id=event_id,
        )
    )
    assert one.hash != other.hash
    decoded = [events.decode(one), events.decode(other)]
    assert [e.title for e in decoded] == ["Kasir", "Bendahara"]  # type: ignore[attr-defined]
