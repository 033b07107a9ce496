"""The committed AsyncAPI documents are what FastStream generates from the catalog."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kompeten_contracts import REGISTRY, catalog
from kompeten_contracts.asyncapi import ASYNCAPI_DIR, check, document, main
from kompeten_contracts.envelope import HEADERS


def test_the_committed_documents_are_current() -> None:
    assert check() == [], "\n".join(check())


@pytest.mark.parametrize("service", catalog.services())
def test_each_document_mentions_every_cataloged_event(service: str) -> None:
    committed = json.loads((ASYNCAPI_DIR / f"{service}.json").read_text(encoding="utf-8"))
    assert committed["asyncapi"] == "3.0.0"
    messages = committed["components"]["messages"]
    names = {message["name"] for message in messages.values()}
    schemas = committed["components"]["schemas"]
    addresses = {channel["address"] for channel in committed["channels"].values()}
    events = [published.event for p in catalog.publications(service) for published in p.events]
    events += [event for s in catalog.subscriptions(service) for event in s.events]
    assert events, f"{service} is in the catalog with no event"
    for event in events:
        assert event.ce_type() in names
        assert event.__name__ in schemas
    topics = [p.topic for p in catalog.publications(service)]
    topics += [s.topic for s in catalog.subscriptions(service)]
    assert set(topics) <= addresses


def test_publications_and_subscriptions_have_their_actions() -> None:
    registration = document("registration")  # it receives assessment's notices to mail them
    assert {op["action"] for op in registration["operations"].values()} == {"send", "receive"}
    received = {c["address"] for c in registration["channels"].values()}
    assert received == {"kompeten.registration.events", "kompeten.assessment.events"}
    assessment = document("assessment")
    assert {op["action"] for op in assessment["operations"].values()} == {"send", "receive"}
    channels = {c["address"]: c for c in assessment["channels"].values()}
    assert set(channels) == {"kompeten.registration.events", "kompeten.assessment.events"}
    assert "Consumer group `assessment`" in channels["kompeten.registration.events"]["description"]


def test_messages_describe_the_key_and_the_cloudevents_headers() -> None:
    for service in catalog.services():
        for message in document(service)["components"]["messages"].values():
            assert "correlationId" not in message  # Kompeten records carry no such header
            assert set(message["headers"]["properties"]) == set(HEADERS)
            assert message["headers"]["properties"]["ce_type"]["const"] == message["name"]
            key = message["bindings"]["kafka"]["key"]
            assert key["type"] == "string"
            declared = catalog.publication_of(REGISTRY.get(message["name"]))[1].key
            assert f"`{declared}`" in key["description"]
        for channel in document(service)["channels"].values():
            for words in ("key = `", "ce_id", "traceparent"):
                assert words in channel["description"]


def test_payloads_are_open_like_the_json_schemas() -> None:
    for service in catalog.services():
        text = json.dumps(document(service))
        assert '"additionalProperties": false' not in text


def test_the_cli_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--dir", str(tmp_path)]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["write", "--dir", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{s}.json" for s in catalog.services()
    )
    assert main(["check", "--dir", str(tmp_path)]) == 0
    (tmp_path / "surveillance.json").write_text("{}\n", encoding="utf-8")
    assert main(["check", "--dir", str(tmp_path)]) == 1
    assert "stale" in capsys.readouterr().err


def test_only_the_asyncapi_module_imports_faststream() -> None:
    code = (
        "import sys, kompeten_contracts, kompeten_contracts.schemas, kompeten_contracts.compat\n"
        "import kompeten_contracts.catalog, kompeten_contracts.registry\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('faststream', 'aiokafka', 'fastapi', 'anyio'))\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
