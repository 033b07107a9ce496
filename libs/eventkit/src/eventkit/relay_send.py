"""A relay batch on its way to Kafka: CloudEvents headers, key = stream id, one producer span.

Tracing follows the messaging semantic conventions for batch publishing: one PRODUCER
`publish <topic>` span per batch (per chunk of at most the SDK's link limit, so no link is
dropped), linked to each message's creation context, which is the traceparent the command
stored in the event's metadata. That stored context itself travels in the record's
`traceparent` header, so the consumer's span continues the command's trace: one trace per
journey, however many commands a relay batch carries.

The per-record path is kept short (the relay's throughput is bounded by it): the value is
encoded once, the headers are built directly in the order `Envelope.to_headers` writes them
(no re-validation of what the mapper already validated), the constant ones are reused bytes.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from aiokafka import AIOKafkaProducer
from opentelemetry.trace import Span

from eventkit.store.model import RecordedEvent
from eventkit.telemetry import end_span, link_limit, start_publish_span
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.envelope import JSON, SPEC_VERSION
from kompeten_contracts.registry import encode

Outbound = tuple[RecordedEvent, UUID, PublicEvent]
Headers = list[tuple[str, bytes]]
_SPEC = SPEC_VERSION.encode()
_CONTENT_TYPE = JSON.encode()


@functools.cache
def _class_headers(cls: type[PublicEvent]) -> tuple[bytes, bytes]:
    return cls.source().encode(), cls.ce_type().encode()


def headers(event: RecordedEvent, ce_id: UUID, public: PublicEvent, key: bytes) -> Headers:
    """CloudEvents binary mode, exactly as `Envelope(...).to_headers()` would write them; the
    traceparent is the command's stored one (see the module docstring)."""
    source, ce_type = _class_headers(type(public))
    built = [
        ("ce_id", str(ce_id).encode()),
        ("ce_source", source),
        ("ce_type", ce_type),
        ("ce_specversion", _SPEC),
        ("ce_time", event.recorded_at.isoformat().encode()),
        ("ce_subject", key),
        ("content-type", _CONTENT_TYPE),
    ]
    traceparent = event.metadata.get("traceparent")
    if traceparent:
        built.append(("traceparent", traceparent.encode()))
    return built


@dataclass(eq=False)
class Sending:
    """A batch handed to the producer: its records' ack futures and its open spans."""

    acks: list[asyncio.Future[object]]
    spans: list[Span]

    async def settled(self) -> int:
        """Wait for every ack; the number of records. Raises the first failed ack's error only
        after all are settled (so the spans, ended then, carry it)."""
        error: BaseException | None = None
        try:
            if self.acks:
                await asyncio.wait(self.acks)
            error = next((e for e in map(_failure, self.acks) if e is not None), None)
        except BaseException as exc:
            error = exc
            raise
        finally:
            self.abandon(error)
        if error is not None:
            raise error
        return len(self.acks)

    def abandon(self, error: BaseException | None) -> None:
        """End the spans without waiting (the batch failed elsewhere, or is settled)."""
        for span in self.spans:
            end_span(span, error)
        self.spans = []


async def send_all(producer: AIOKafkaProducer, topic: str, outbound: Sequence[Outbound]) -> Sending:
    """Hand every record to the producer, in order, without waiting for acks."""
    step = link_limit() or max(len(outbound), 1)
    sending = Sending(
        [],
        [
            start_publish_span(
                topic, len(chunk), [event.metadata.get("traceparent") for event, _, _ in chunk]
            )
            for chunk in (outbound[i : i + step] for i in range(0, len(outbound), step))
        ],
    )
    acks, send = sending.acks, producer.send
    try:
        for event, ce_id, public in outbound:
            key = event.stream_id.encode()
            # send() only waits when the producer's buffer for a partition is full; the ack
            # futures are collected and awaited together (Sending.settled), not one by one.
            acks.append(
                await send(topic, encode(public), key, headers=headers(event, ce_id, public, key))
            )
    except BaseException as exc:
        sending.abandon(exc)
        raise
    return sending


def _failure(ack: asyncio.Future[object]) -> BaseException | None:
    return asyncio.CancelledError() if ack.cancelled() else ack.exception()
