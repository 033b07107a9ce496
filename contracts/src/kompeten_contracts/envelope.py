"""CloudEvents 1.0 attributes in the Kafka protocol binding, binary content mode.

The record value is the event's JSON; the attributes travel as headers `ce_<name>`, the content
type as `content-type`, and the W3C trace context as `traceparent`. Partners read these headers
to route and deduplicate without parsing the value: `ce_id` is stable across re-publishing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "1.0"
JSON = "application/json"

REQUIRED_HEADERS = ("ce_id", "ce_source", "ce_type", "ce_time", "ce_subject")
"""Without any of these a record is not a Kompeten CloudEvent (`MissingHeaderError`)."""

HEADERS: dict[str, str] = {
    "ce_id": "Event id (UUID). Stable across re-publishing: deduplicate on it.",
    "ce_source": "Producing service: /kompeten/<service>.",
    "ce_type": "id.kompeten.<service>.<EventName>.v<N>: route and decode on it.",
    "ce_specversion": "CloudEvents version, 1.0.",
    "ce_time": "When the event happened: ISO 8601 timestamp.",
    "ce_subject": "The aggregate id; equal to the record key.",
    "content-type": "Media type of the record value: application/json.",
    "traceparent": "W3C trace context of the request that caused the event (optional).",
}
"""Every header of a Kompeten record, in the order `to_headers` writes them, with its meaning."""


class MissingHeaderError(ValueError):
    def __init__(self, header: str) -> None:
        super().__init__(f"record has no {header!r} header: not a Kompeten CloudEvent")
        self.header = header


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: UUID
    source: str = Field(description="Producing service, e.g. /kompeten/registration")
    type: str = Field(description="id.kompeten.<service>.<EventName>.v<N>")
    specversion: str = SPEC_VERSION
    time: datetime
    subject: str = Field(description="The aggregate id: also the Kafka record key")
    datacontenttype: str = JSON
    traceparent: str | None = None

    def to_headers(self) -> list[tuple[str, bytes]]:
        headers = [
            ("ce_id", str(self.id).encode()),
            ("ce_source", self.source.encode()),
            ("ce_type", self.type.encode()),
            ("ce_specversion", self.specversion.encode()),
            ("ce_time", self.time.isoformat().encode()),
            ("ce_subject", self.subject.encode()),
            ("content-type", self.datacontenttype.encode()),
        ]
        if self.traceparent:
            headers.append(("traceparent", self.traceparent.encode()))
        return headers

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes]]) -> Envelope:
        """The envelope of a received record; `MissingHeaderError` when a required header is
        absent, pydantic's `ValidationError` (a ValueError too) when a value is malformed.

        On a consumer's hot path (once per record), so it builds one dict of the raw headers,
        decodes only the values it keeps, and lets pydantic-core convert and check them in one
        call: about a quarter of what decoding every header, parsing the UUID in Python and
        `model_construct` cost."""
        found = dict(headers)
        try:
            ce_id = found["ce_id"]
            time = found["ce_time"]
            values = {
                # Decoded here: pydantic would take 16 raw bytes as a binary UUID.
                "id": ce_id.decode(),
                "source": found["ce_source"],
                "type": found["ce_type"],
                "time": datetime.fromisoformat(time.decode()),
                "subject": found["ce_subject"],
            }
        except KeyError:
            raise MissingHeaderError(next(h for h in REQUIRED_HEADERS if h not in found)) from None
        if (specversion := found.get("ce_specversion")) is not None:
            values["specversion"] = specversion
        if (content_type := found.get("content-type")) is not None:
            values["datacontenttype"] = content_type
        if (traceparent := found.get("traceparent")) is not None:
            values["traceparent"] = traceparent
        # The validator itself: `model_validate` adds a Python call with six keywords.
        return cls.__pydantic_validator__.validate_python(values)  # type: ignore[no-any-return]
