"""One trace from the command through the log, the relay and Kafka into the consumer."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeAlias

import asyncpg
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

from eventkit.inbox import InboundMessage, InboxConsumer, install_inbox
from eventkit.relay import Relay
from eventkit.settings import load_settings
from eventkit.store import NewEvent, PostgresEventStore
from eventkit.telemetry import (
    JsonFormatter,
    context_from_traceparent,
    current_traceparent,
    setup_tracing,
    span_context_of,
)
from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until
from kompeten_contracts.registration import CandidateRegisteredV1

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"
NewTopic = Callable[..., Awaitable[str]]
ReadTopic = Callable[[str], Awaitable[list[Any]]]

KAFKA = load_settings().kafka_bootstrap
SPANS = InMemorySpanExporter()
setup_tracing("eventkit-tests", SPANS)


def to_public(event: Any) -> list[CandidateRegisteredV1]:
    return [
        CandidateRegisteredV1(
            candidate_id=uuid.UUID(event.stream_id),
            district_code="5107",
            registered_at=event.recorded_at,
        )
    ]


async def test_the_consumer_continues_the_trace_of_the_command_that_appended(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
) -> None:
    admin = await admin_connection()
    try:
        await install_inbox(admin, relay_schema)
    finally:
        await admin.close()
    topic = await new_topic("trace", partitions=3)
    streams = [str(uuid.uuid4()) for _ in range(3)]
    commands: dict[str, SpanContext] = {}
    for stream in streams:
        with trace.get_tracer("test").start_as_current_span("register") as span:
            await pg_event_store.append(stream, 0, [NewEvent("Registered", {})])
        commands[stream] = span.get_span_context()

    assert await Relay(event_store_pool, relay_schema, KAFKA, topic, to_public).drain_once() == 3

    async def handler(conn: Any, message: InboundMessage) -> None:
        with trace.get_tracer("test").start_as_current_span("effect"):
            pass

    consumer = InboxConsumer(
        event_store_pool,
        relay_schema,
        KAFKA,
        [topic],
        f"g-{uuid.uuid4()}",
        "trace.sub",
        handler,
        f"{topic}.dlt",
    )
    task = asyncio.create_task(consumer.run())
    try:
        await wait_until(lambda: _ready(consumer.outcomes["handled"] == 3), what="consumed")
    finally:
        await consumer.stop()
        await task

    spans = SPANS.get_finished_spans()
    [publish] = [s for s in spans if s.kind == SpanKind.PRODUCER and s.name == f"publish {topic}"]
    attributes = dict(publish.attributes or {})
    assert attributes["messaging.system"] == "kafka"
    assert attributes["messaging.operation.type"] == "send"
    assert attributes["messaging.batch.message_count"] == 3
    linked = {link.context.trace_id: link.context.span_id for link in publish.links}
    for stream, command in commands.items():
        # One publish span for the batch, linked to each message's creation context: the span
        # of the command that appended it.
        assert linked[command.trace_id] == command.span_id
        assert publish.context.trace_id != command.trace_id
        # The record carries that creation context, so the consumer continues the command's
        # trace: the journey is one trace.
        mine = [s for s in spans if s.context.trace_id == command.trace_id]
        [process] = [s for s in mine if s.kind == SpanKind.CONSUMER]
        [effect] = [s for s in mine if s.name == "effect"]
        assert process.name == f"process {topic}"
        assert process.parent is not None and process.parent.span_id == command.span_id
        assert dict(process.attributes or {})["messaging.kafka.message.key"] == stream
        assert effect.parent is not None and effect.parent.span_id == process.context.span_id


async def test_a_batch_consumer_traces_each_poll_once_and_keeps_sampled_journeys_whole(
    pg_event_store: PostgresEventStore,
    event_store_pool: Pool,
    relay_schema: str,
    new_topic: NewTopic,
) -> None:
    admin = await admin_connection()
    try:
        await install_inbox(admin, relay_schema)
    finally:
        await admin.close()
    topic = await new_topic("trace-batch", partitions=3)
    sampled: dict[str, SpanContext] = {}
    for _ in range(4):
        stream = str(uuid.uuid4())
        with trace.get_tracer("test").start_as_current_span("register") as span:
            await pg_event_store.append(stream, 0, [NewEvent("Registered", {})])
        sampled[stream] = span.get_span_context()
    # A command whose trace its producer did not sample (a ParentBased ratio sampler's "no"),
    # and one appended outside any trace.
    unsampled = SpanContext(uuid.uuid4().int, uuid.uuid4().int >> 64, False, TraceFlags(0))
    with trace.use_span(NonRecordingSpan(unsampled)):
        await pg_event_store.append(str(uuid.uuid4()), 0, [NewEvent("Registered", {})])
    await pg_event_store.append(str(uuid.uuid4()), 0, [NewEvent("Registered", {})])
    assert await Relay(event_store_pool, relay_schema, KAFKA, topic, to_public).drain_once() == 6

    async def batch_handler(conn: Any, messages: Sequence[InboundMessage]) -> None:
        with trace.get_tracer("test").start_as_current_span("effects"):
            pass

    consumer = InboxConsumer(
        event_store_pool,
        relay_schema,
        KAFKA,
        [topic],
        f"g-{uuid.uuid4()}",
        "trace.batch",
        None,
        f"{topic}.dlt",
        batch_handler=batch_handler,
    )
    task = asyncio.create_task(consumer.run())
    try:
        await wait_until(lambda: _ready(consumer.outcomes["handled"] == 6), what="consumed")
    finally:
        await consumer.stop()
        await task

    spans = SPANS.get_finished_spans()
    # One span per batch handler call (a poll may hold all six records or fewer), a root of
    # its own: the handler's work is its child, whatever the records' traces.
    batches = [
        s
        for s in spans
        if s.kind == SpanKind.CONSUMER
        and s.attributes
        and "messaging.batch.message_count" in s.attributes
        and s.attributes.get("messaging.destination.name") == topic
    ]
    assert batches and sum(int(b.attributes["messaging.batch.message_count"]) for b in batches) == 6
    assert all(b.parent is None and b.name == f"process {topic}" for b in batches)
    effects = [s for s in spans if s.name == "effects" and s.parent is not None]
    batch_ids = {b.context.span_id for b in batches}
    assert len([e for e in effects if e.parent.span_id in batch_ids]) == len(batches)
    # Linked to each sampled producer context; a link into an unsampled trace would lead
    # nowhere.
    linked = sorted(link.context.span_id for b in batches for link in b.links)
    assert linked == sorted(c.span_id for c in sampled.values())
    for stream, command in sampled.items():
        # A sampled journey stays one trace: the consumption is in the command's trace, its
        # child, and links to the batch that did the work.
        [process] = [
            s
            for s in spans
            if s.context.trace_id == command.trace_id and s.kind == SpanKind.CONSUMER
        ]
        assert process.name == f"process {topic}"
        assert process.parent is not None and process.parent.span_id == command.span_id
        assert dict(process.attributes or {})["messaging.kafka.message.key"] == stream
        [to_batch] = process.links
        assert to_batch.context.span_id in batch_ids
    # The unsampled producer's context did travel with its record (the relay's publish span
    # links to it), and its trace gets no span, as a ParentBased sampler would decide.
    [publish] = [s for s in spans if s.kind == SpanKind.PRODUCER and s.name == f"publish {topic}"]
    assert unsampled.span_id in {link.context.span_id for link in publish.links}
    assert not [s for s in spans if s.context.trace_id == unsampled.trace_id]


async def _ready(value: bool) -> bool:
    return value


def test_a_stored_traceparent_is_read_as_a_remote_span_context() -> None:
    with trace.get_tracer("test").start_as_current_span("command") as command:
        stored = current_traceparent()
    context = span_context_of(stored)
    assert context is not None and context.is_remote
    expected = command.get_span_context()
    assert (context.trace_id, context.span_id) == (expected.trace_id, expected.span_id)
    assert context.trace_flags == expected.trace_flags
    for malformed in (None, "", "01-" + (stored or "")[3:], "00-xyz", (stored or "")[:-2] + "zz"):
        assert span_context_of(malformed) is None
    assert span_context_of("00-" + "0" * 32 + "-" + "1" * 16 + "-01") is None, "invalid trace id"


def test_a_stored_traceparent_parents_the_next_span() -> None:
    with trace.get_tracer("test").start_as_current_span("command") as command:
        stored = current_traceparent()
    assert stored is not None
    with trace.get_tracer("test").start_as_current_span(
        "later", context=context_from_traceparent(stored)
    ) as later:
        assert later.get_span_context().trace_id == command.get_span_context().trace_id
    assert current_traceparent() is None, "no span outside"
    root = context_from_traceparent(None)
    assert not trace.get_current_span(root).get_span_context().is_valid


def test_json_log_lines_carry_the_ids_of_the_current_span() -> None:
    formatter = JsonFormatter("registration")
    record = logging.LogRecord("kompeten", logging.INFO, __file__, 1, "hello %s", ("dunia",), None)
    with trace.get_tracer("test").start_as_current_span("command") as span:
        line = json.loads(formatter.format(record))
    context = span.get_span_context()
    assert line["message"] == "hello dunia" and line["service"] == "registration"
    assert line["trace_id"] == f"{context.trace_id:032x}"
    assert line["span_id"] == f"{context.span_id:016x}"
    assert "trace_id" not in json.loads(formatter.format(record))
