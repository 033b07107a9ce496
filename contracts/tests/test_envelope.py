from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest

from kompeten_contracts import Envelope, MissingHeaderError
from kompeten_contracts.envelope import HEADERS, REQUIRED_HEADERS


def envelope(**overrides: object) -> Envelope:
    values: dict[str, object] = {
        "id": uuid4(),
        "source": "/kompeten/registration",
        "type": "id.kompeten.registration.CandidateRegistered.v1",
        "time": datetime(2026, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=7))),
        "subject": f"candidate-{uuid4()}",
        "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    }
    values.update(overrides)
    return Envelope.model_validate(values)


def test_headers_round_trip() -> None:
    sent = envelope()
    assert Envelope.from_headers(sent.to_headers()) == sent


def test_round_trip_without_traceparent() -> None:
    sent = envelope(traceparent=None)
    headers = sent.to_headers()
    assert "traceparent" not in dict(headers)
    assert Envelope.from_headers(headers) == sent


def test_headers_are_the_binary_binding() -> None:
    sent = envelope(time=datetime(2026, 3, 1, 1, 30, tzinfo=UTC))
    headers = dict(sent.to_headers())
    assert headers["ce_id"] == str(sent.id).encode()
    assert headers["ce_type"] == b"id.kompeten.registration.CandidateRegistered.v1"
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_time"] == b"2026-03-01T01:30:00+00:00"
    assert headers["content-type"] == b"application/json"
    assert list(headers) == list(HEADERS)  # HEADERS documents every header, in order


def test_unknown_headers_are_ignored() -> None:
    sent = envelope()
    assert Envelope.from_headers([*sent.to_headers(), ("x-partner", b"1")]) == sent


def test_optional_headers_default() -> None:
    sent = envelope(traceparent=None)
    headers = [(k, v) for k, v in sent.to_headers() if k not in ("ce_specversion", "content-type")]
    received = Envelope.from_headers(headers)
    assert received.specversion == "1.0"
    assert received.datacontenttype == "application/json"


@pytest.mark.parametrize("missing", REQUIRED_HEADERS)
def test_a_missing_required_header_is_named(missing: str) -> None:
    headers = [(k, v) for k, v in envelope().to_headers() if k != missing]
    with pytest.raises(MissingHeaderError) as raised:
        Envelope.from_headers(headers)
    assert raised.value.header == missing
    assert missing in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_a_record_without_headers_is_not_a_cloudevent() -> None:
    with pytest.raises(MissingHeaderError, match="not a Kompeten CloudEvent"):
        Envelope.from_headers([])


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("ce_id", b"not-a-uuid"),
        ("ce_id", b"0123456789abcdef"),  # 16 bytes: not taken for a binary UUID
        ("ce_time", b"yesterday"),
        ("ce_source", b"\xff\xfe"),  # not UTF-8
    ],
)
def test_a_malformed_header_value_is_refused(header: str, value: bytes) -> None:
    headers = [(k, value if k == header else v) for k, v in envelope().to_headers()]
    with pytest.raises(ValueError):
        Envelope.from_headers(headers)


def test_the_time_keeps_its_offset() -> None:
    received = Envelope.from_headers(envelope().to_headers())
    assert received.time.utcoffset() == timedelta(hours=7)
    assert received.time.tzinfo == timezone(timedelta(hours=7))
