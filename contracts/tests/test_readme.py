"""The partner documentation (contracts/README.md) keeps up with the code: every public event
type is listed with its key, every property of its schema has a row saying what it means, every
upcaster step has its field mapping, and the dead-letter headers are the ones written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aiokafka.structs import ConsumerRecord

from eventkit.inbox_message import dead_letter
from kompeten_contracts import REGISTRY, catalog
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.envelope import HEADERS
from kompeten_contracts.registry import TypeRegistry
from kompeten_contracts.schemas import json_schema
from kompeten_contracts.topics import dead_letter_topic

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
_FIRST_CELL = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)


def sections(text: str, level: str) -> dict[str, str]:
    """Heading -> the text under it up to the next heading of this level or above, for the
    headings of exactly this level (`##`, `###`)."""
    parts = re.split(rf"^(#{{1,{len(level)}}}) (.+)$", text, flags=re.MULTILINE)
    found: dict[str, str] = {}
    for hashes, heading, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        if hashes == level:
            found[heading] = body
    return found


def first_cells(text: str) -> list[str]:
    """The backticked names in the first column of the tables of `text`."""
    return _FIRST_CELL.findall(text)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def property_paths(schema: dict[str, Any]) -> list[str]:
    """`units`, `units[].code`, `units[].elements[].criteria[].text`, ... of an event schema."""

    def walk(node: dict[str, Any], prefix: str) -> list[str]:
        found: list[str] = []
        for name, child in _resolve(node, schema).get("properties", {}).items():
            found.append(prefix + name)
            child = _resolve(child, schema)
            if child.get("type") == "array":
                items = _resolve(child.get("items", {}), schema)
                if "properties" in items:
                    found.extend(walk(items, f"{prefix}{name}[]."))
            elif "properties" in child:
                found.extend(walk(child, f"{prefix}{name}."))
        return found

    return walk(schema, "")


def undocumented(readme: str, registry: TypeRegistry) -> list[str]:
    """What the README does not say about the registry's events; empty when it says it all."""
    problems: list[str] = []
    events = sections(readme, "###")
    listed = sections(readme, "##").get("Topics and event types", "")
    upcasters = sections(readme, "##").get("Upcasters", "")
    for event_class in registry.events():
        ce_type = event_class.ce_type()
        if f"`{ce_type}`" not in listed:
            problems.append(f"{ce_type} is not in the table of event types")
        section = events.get(f"`{ce_type}`")
        if section is None and event_class.version == 1:
            problems.append(f"{ce_type} has no section `### `{ce_type}``")
        if section is not None:
            rows = set(first_cells(section))
            paths = set(property_paths(json_schema(event_class)))
            problems.extend(f"{ce_type}: no row for `{p}`" for p in sorted(paths - rows))
            problems.extend(f"{ce_type}: row for unknown `{p}`" for p in sorted(rows - paths))
        if event_class.version > 1:
            step = f"{event_class.name} v{event_class.version - 1} → v{event_class.version}"
            if f"### {step}" not in upcasters:
                problems.append(f"{ce_type}: no field mapping under `### {step}`")
    return problems


def test_every_public_event_and_every_property_is_documented() -> None:
    assert undocumented(README, REGISTRY) == []


def test_the_documented_keys_are_the_catalogs() -> None:
    listed = sections(README, "##")["Topics and event types"]
    for event_class in REGISTRY.events():
        publication, published = catalog.publication_of(event_class)
        row = f"| `{event_class.ce_type()}` | `{publication.topic}` | `{published.key}` |"
        assert row in listed, row


class _V2(PublicEvent):
    service = "registration"
    name = "CandidateRegistered"
    version = 2
    candidate_id: str
    district_code: str


def test_a_property_or_a_version_left_out_of_the_readme_is_reported() -> None:
    registry = TypeRegistry()
    for event_class in REGISTRY.events():
        registry.register(event_class)
    registry.register(_V2)
    without_district = README.replace("| `district_code` | string, 4 digits | yes | **The c", "")
    problems = undocumented(without_district, registry)
    assert "id.kompeten.registration.CandidateRegistered.v1: no row for `district_code`" in problems
    assert (
        "id.kompeten.registration.CandidateRegistered.v2: "
        "no field mapping under `### CandidateRegistered v1 → v2`"
    ) in problems


class _Producer:
    def __init__(self) -> None:
        self.headers: list[tuple[str, bytes]] = []

    async def send_and_wait(self, topic: str, **record: Any) -> None:
        self.topic = topic
        self.headers = record["headers"]


async def test_the_documented_dead_letter_headers_are_the_ones_written() -> None:
    original = [("ce_id", b"0d9e2b7c-5f4a-4e1b-9c3d-7a8b6f5e4d21")]
    record = ConsumerRecord(
        topic="kompeten.registration.events",
        partition=3,
        offset=41,
        timestamp=0,
        timestamp_type=0,
        key=b"candidate-1",
        value=b"{}",
        checksum=None,
        serialized_key_size=11,
        serialized_value_size=2,
        headers=original,
    )
    producer = _Producer()
    topic = dead_letter_topic("assessment")
    await dead_letter(producer, topic, record, "assessment.registration-events", ValueError("x"))

    documented = sections(README, "##")["Dead-letter topics"]
    assert f"`{topic}`" in documented
    assert producer.headers[: len(original)] == original
    added = [name for name, _ in producer.headers[len(original) :]]
    assert added == first_cells(documented)


def test_the_documented_headers_are_the_envelopes() -> None:
    assert first_cells(sections(README, "##")["The record"]) == list(HEADERS)
