"""What `parse` refuses at once (no retry can fix it) and what it leaves to first use."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord

from eventkit.inbox_message import InboundMessage, parse
from kompeten_contracts.envelope import Envelope, MissingHeaderError

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def envelope(**overrides: Any) -> Envelope:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "source": "/kompeten/registration",
        "type": "id.kompeten.registration.CandidateRegistered.v1",
        "time": datetime(2026, 3, 1, 1, 30, tzinfo=UTC),
        "subject": "candidate-1",
        "traceparent": TRACEPARENT,
    }
    return Envelope(**{**values, **overrides})


def record(headers: list[tuple[str, bytes]], value: bytes | None = b'{"note": "n"}') -> Any:
    key = b"candidate-1"
    size = len(value or b"")
    return ConsumerRecord("t", 2, 7, 0, 0, key, value, None, len(key), size, tuple(headers))


def with_header(name: str, value: bytes) -> list[tuple[str, bytes]]:
    return [(k, value if k == name else v) for k, v in envelope().to_headers()]


def test_a_parsed_message_is_the_record() -> None:
    sent = envelope()
    headers = [*sent.to_headers(), ("x-partner", b"1")]
    message = parse(record(headers))
    assert (message.event_id, message.traceparent) == (str(sent.id), TRACEPARENT)
    assert (message.key, message.topic, message.partition, message.offset) == (
        "candidate-1",
        "t",
        2,
        7,
    )
    assert message.envelope == sent
    assert message.payload == {"note": "n"}
    assert list(message.headers) == headers
    assert message.header("x-partner") == "1" and message.header("nothing") is None
    assert message.header("ce_time") == "2026-03-01T01:30:00+00:00"


@pytest.mark.parametrize("missing", ["ce_id", "ce_source", "ce_type", "ce_time", "ce_subject"])
def test_a_record_without_a_required_header_is_refused(missing: str) -> None:
    headers = [(k, v) for k, v in envelope().to_headers() if k != missing]
    with pytest.raises(MissingHeaderError, match=missing):
        parse(record(headers))


@pytest.mark.parametrize("bad", [b"not-a-uuid", b"0123456789abcdef", b"", b"\xff"])
def test_a_record_whose_id_is_not_a_uuid_is_refused(bad: bytes) -> None:
    with pytest.raises(ValueError):
        parse(record(with_header("ce_id", bad)))


def test_an_id_in_another_form_is_made_canonical() -> None:
    """The id is the inbox's claim key as text: one event, one string, however it is written."""
    event_id = uuid.uuid4()
    for form in (str(event_id).upper(), event_id.hex, f"{{{event_id}}}"):
        assert parse(record(with_header("ce_id", form.encode()))).event_id == str(event_id)


@pytest.mark.parametrize("value", [None, b"", b"[1, 2]", b"null", b"\xef\xbb\xbf{}"])
def test_a_value_that_is_not_a_json_object_is_refused(value: bytes | None) -> None:
    with pytest.raises(ValueError, match="not a JSON object"):
        parse(record(envelope().to_headers(), value))


def test_a_malformed_attribute_fails_where_the_envelope_is_used() -> None:
    """Left to first use: the handler that reads the envelope fails (then is retried and
    dead-lettered); the inbox itself needs only the id and the traceparent."""
    message = parse(record(with_header("ce_time", b"yesterday")))
    assert message.event_id and message.traceparent == TRACEPARENT
    with pytest.raises(ValueError):
        message.envelope  # noqa: B018


@pytest.mark.parametrize("value", [b"{", b'{"a": 1} trailing', b'{"a": 1}{"b": 2}', b"{\xff}"])
def test_a_value_that_is_not_valid_json_fails_where_the_payload_is_used(value: bytes) -> None:
    message = parse(record(envelope().to_headers(), value))
    with pytest.raises(ValueError):
        message.payload  # noqa: B018


def test_whitespace_around_the_object_is_json() -> None:
    message = parse(record(envelope().to_headers(), b' \n{"a": [1]}\r\n\t'))
    assert message.payload == {"a": [1]}
    assert json.loads(message.value) == message.payload


def test_a_message_made_from_an_envelope_has_its_headers() -> None:
    sent = envelope(traceparent=None)
    message = InboundMessage(sent, "k", b"{}", "t", 0, 1)
    assert message.envelope is sent and message.event_id == str(sent.id)
    assert message.traceparent is None
    assert message.header("ce_type") == sent.type
    assert list(message.headers) == sent.to_headers()
