"""The partner example (contracts/examples/partner) against the real broker: it reads records
published the way registration's relay publishes them, from offset 0 of a new group, and counts
registered candidates per district once each, whatever else the topic carries."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaProducer
from faststream import TestApp

from eventkit.settings import load_settings
from eventkit.testing.infra import unique_topic
from eventkit.testing.kafka import all_records, group_lag
from eventkit.testing.waiting import wait_until
from eventkit.topics import ensure_topics
from kompeten_contracts import Envelope, PublicEvent, catalog, encode
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.registration import CandidateErasedV1, CandidateRegisteredV1

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "partner" / "district_counts.py"
NOW = datetime(2026, 3, 1, 1, 30, tzinfo=UTC)


def load_example() -> ModuleType:
    """The example is a script a partner copies, not a package of this workspace."""
    spec = importlib.util.spec_from_file_location("district_counts", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


example = load_example()


@dataclass(frozen=True)
class Record:
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def published(event: PublicEvent) -> Record:
    """As registration's relay sends it: key = stream id = ce_subject, CloudEvents headers,
    the event's JSON as the value."""
    _, on_topic = catalog.publication_of(type(event))
    key = on_topic.key_of(event)
    envelope = Envelope(
        id=uuid4(), source=event.source(), type=event.ce_type(), time=NOW, subject=key
    )
    return Record(key.encode(), encode(event), envelope.to_headers())


def foreign(ce_type: str, key: str, value: dict[str, Any]) -> Record:
    """A record of a type this release of kompeten-contracts does not know."""
    envelope = Envelope(
        id=uuid4(), source="/kompeten/registration", type=ce_type, time=NOW, subject=key
    )
    return Record(key.encode(), json.dumps(value).encode(), envelope.to_headers())


def registered(district_code: str, candidate_id: UUID | None = None) -> Record:
    return published(
        CandidateRegisteredV1(
            candidate_id=candidate_id or uuid4(), district_code=district_code, registered_at=NOW
        )
    )


async def publish(bootstrap: str, topic: str, records: list[Record]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for record in records:
            await producer.send_and_wait(
                topic, record.value, key=record.key, headers=record.headers
            )
    finally:
        await producer.stop()


async def run_until_caught_up(settings: Any) -> None:
    """Run the example until its group has committed every record of the topic."""
    bootstrap = settings.bootstrap_servers

    async def caught_up() -> bool:
        return await group_lag(bootstrap, settings.group_id, settings.topic) == 0

    async with TestApp(example.create_app(settings)):
        await wait_until(caught_up, timeout=60, what=f"group {settings.group_id} caught up")


def settings_for(topic: str, database: Path) -> Any:
    group = f"partner.test.{uuid4().hex[:8]}"
    return example.Settings(
        bootstrap_servers=load_settings().kafka_bootstrap,
        topic=topic,
        group_id=group,
        database=str(database),
        dead_letter_topic=f"{group}.dlt",
    )


async def test_the_example_counts_registered_candidates_per_district_once_each(
    tmp_path: Path,
) -> None:
    topic = unique_topic("partner")
    settings = settings_for(topic, tmp_path / "counts.sqlite3")
    bootstrap = settings.bootstrap_servers
    await ensure_topics(bootstrap, [topic, settings.dead_letter_topic])
    karangasem = [registered("5107") for _ in range(3)]
    bandung = [registered("3273") for _ in range(2)]
    jakarta_selatan = registered("3171")
    somebody = uuid4()
    accepted = published(
        ApplicationAcceptedV1(
            application_id=uuid4(),
            candidate_id=somebody,
            scheme_code="KOP-KASIR",
            scheme_version=1,
            occupational_group="kasir",
            cooperative_id=uuid4(),
            district_code="3273",  # the cooperative's district: not a registration
            accepted_at=NOW,
        )
    )
    erased = published(CandidateErasedV1(candidate_id=somebody, erased_at=NOW))
    key = f"candidate-{somebody}"
    unknown_type = foreign(
        "id.kompeten.registration.CandidateRelocated.v1", key, {"district_code": "3171"}
    )
    newer_version = foreign(
        "id.kompeten.registration.CandidateRegistered.v2",
        key,
        {"candidate_id": str(somebody), "district_code": "3171", "registered_at": "2026-03-01"},
    )
    valid = registered("3273")
    # A district code of two digits: the event's own schema refuses it, no retry can help.
    invalid = Record(valid.key, valid.value.replace(b'"3273"', b'"32"'), valid.headers)
    await publish(
        bootstrap,
        topic,
        [
            *karangasem,
            *bandung,
            jakarta_selatan,
            karangasem[0],  # delivered twice (a producer retry, a re-publish): same ce_id
            accepted,
            erased,
            unknown_type,
            newer_version,
            invalid,
            registered("5107", somebody),  # after the skipped ones, on their partition
        ],
    )

    await run_until_caught_up(settings)

    assert example.read_counts(settings.database) == {"5107": 4, "3273": 2, "3171": 1}
    [dead] = await all_records(bootstrap, settings.dead_letter_topic)
    assert (dead.key, dead.value) == (invalid.key, invalid.value)
    headers = {name: value.decode() for name, value in dead.headers}
    assert {name: value.decode() for name, value in invalid.headers}.items() <= headers.items()
    assert "district_code" in headers["dlt_error"]
    assert headers["dlt_origin_topic"] == topic
    assert headers["dlt_subscription"] == settings.group_id
    assert {"dlt_origin_partition", "dlt_origin_offset"} <= headers.keys()


async def test_replaying_into_a_new_group_changes_no_count(tmp_path: Path) -> None:
    topic = unique_topic("partner")
    database = tmp_path / "counts.sqlite3"
    first = settings_for(topic, database)
    await ensure_topics(first.bootstrap_servers, [topic])
    await publish(
        first.bootstrap_servers, topic, [registered("5107"), registered("5107"), registered("5171")]
    )
    await run_until_caught_up(first)
    assert example.read_counts(str(database)) == {"5107": 2, "5171": 1}

    replay = settings_for(topic, database)  # a new group: offset 0 of every partition again
    await run_until_caught_up(replay)

    assert example.read_counts(str(database)) == {"5107": 2, "5171": 1}
