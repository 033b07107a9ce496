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
        found = {key: value.decode() for key, value in headers}
        for required in REQUIRED_HEADERS:
            if required not in found:
                raise MissingHeaderError(required)
        # Every value is converted (and so checked) here already; construct without pydantic's
        # second validation pass, which is most of the cost on a consumer's hot path.
        return cls.model_construct(
            id=UUID(found["ce_id"]),
            source=found["ce_source"],
            type=found["ce_type"],
            specversion=found.get("ce_specversion", SPEC_VERSION),
            time=datetime.fromisoformat(found["ce_time"]),
            subject=found["ce_subject"],
            datacontenttype=found.get("content-type", JSON),
            traceparent=found.get("traceparent"),
        )
