"""One public record on its way to Kafka: CloudEvents headers, key = stream id, and a producer
span that continues the trace of the command that recorded the event."""

from __future__ import annotations

import asyncio
from uuid import UUID

from aiokafka import AIOKafkaProducer
from opentelemetry.trace import Span, Status, StatusCode

from eventkit.store.model import RecordedEvent
from eventkit.telemetry import context_from_traceparent, span_traceparent, start_kafka_span
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.registry import encode


async def send(
    producer: AIOKafkaProducer, topic: str, event: RecordedEvent, ce_id: UUID, public: PublicEvent
) -> asyncio.Future[object]:
    """Hand the record to the producer; the returned future resolves at Kafka's ack."""
    stored = event.metadata.get("traceparent")
    span = start_kafka_span(
        "send",
        topic,
        parent=context_from_traceparent(stored),
        key=event.stream_id,
        message_id=str(ce_id),
    )
    envelope = Envelope(
        id=ce_id,
        source=public.source(),
        type=public.ce_type(),
        time=event.recorded_at,
        subject=event.stream_id,
        # The span's own context when tracing is on; the stored one keeps the chain unbroken
        # in a process without a tracer.
        traceparent=span_traceparent(span) or stored,
    )
    try:
        ack: asyncio.Future[object] = await producer.send(
            topic, key=event.stream_id.encode(), value=encode(public), headers=envelope.to_headers()
        )
    except BaseException as exc:
        _end(span, exc)
        raise
    ack.add_done_callback(lambda done: _end(span, None if done.cancelled() else done.exception()))
    return ack


def _end(span: Span, error: BaseException | None) -> None:
    if error is not None:
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, type(error).__name__))
    span.end()
