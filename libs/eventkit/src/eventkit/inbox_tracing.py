"""The inbox's CONSUMER spans (OpenTelemetry messaging conventions), and what keeps a
candidate's journey one trace across Kafka: each record's `traceparent` header is the context
of the command that caused it (the relay writes it), and the consumer continues it."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link, NonRecordingSpan, Span, SpanContext, SpanKind

from eventkit.inbox_message import InboundMessage
from eventkit.telemetry import (
    context_from_traceparent,
    end_span,
    kafka_span,
    link_limit,
    sdk_installed,
    span_context_of,
    start_kafka_span,
    tracer,
)

# The W3C sampled flag is the lowest bit of the traceparent's last hex digit.
_SAMPLED_DIGITS = frozenset("13579bdf")


def _span_fields(message: InboundMessage, group: str) -> dict[str, Any]:
    return {
        "key": message.key,
        "message_id": message.event_id,
        "partition": message.partition,
        "offset": message.offset,
        "group": group,
    }


@contextmanager
def consumer_span(message: InboundMessage, group: str) -> Iterator[None]:
    """Continues the trace the producer's traceparent header names; current while the
    per-message handler runs, so the handler's own spans are its children. (A handler called
    per message pays a round trip per message anyway; one span beside it is affordable, and
    under a ParentBased sampler an unsampled producer's record gets a non-recording one.)"""
    parent = context_from_traceparent(message.traceparent)
    fields = _span_fields(message, group)
    with kafka_span("process", message.topic, parent=parent, **fields):
        yield


@contextmanager
def batch_spans(messages: Sequence[InboundMessage], group: str) -> Iterator[None]:
    """The spans of one batch handler call: one `process` span for the whole batch, current
    while the handler runs (its own spans are its children), linked to the messages' sampled
    producer contexts; and, for each message whose producer context is sampled, a `process`
    span in that context's trace, linked to the batch span.

    Why this shape: a span per message was nearly half of a busy consumer's CPU (building one
    cost more than the message's share of the handler's INSERT); one span per batch costs the
    same for 1 or 500 messages. A link alone would leave the journey in two traces, though, so
    a message whose producer sampled its trace still gets its own span there, parented on the
    producer's context, as a ParentBased sampler would decide: under the standard
    `parentbased_traceidratio` sampler a busy consumer builds spans for the sampled few only,
    and every sampled journey stays one trace. An unsampled producer context is recorded
    nowhere, so neither a span nor a link in it would lead anywhere; a message with no producer
    context has no trace to continue. The batch span stands for both."""
    if not sdk_installed():
        yield  # no tracing: nothing to build, nothing to parse
        return
    started = time.time_ns()
    # Sampled producer contexts, each parsed once (a cohort's records share their command's);
    # the sampled flag is read off the header's last digit, so the others are not parsed.
    contexts: dict[str, SpanContext] = {}
    for tp in dict.fromkeys(m.traceparent for m in messages):
        if tp is not None and tp[-1:] in _SAMPLED_DIGITS and (context := span_context_of(tp)):
            contexts[tp] = context
    batch = _start_batch_span(messages, group, list(contexts.values()), started)
    to_batch = [Link(batch.get_span_context())]
    journeys = [
        start_kafka_span(
            "process",
            m.topic,
            parent=trace.set_span_in_context(NonRecordingSpan(context)),
            start_time=started,
            links=to_batch,
            **_span_fields(m, group),
        )
        for m in messages
        if (context := contexts.get(m.traceparent or "")) is not None
    ]
    error: BaseException | None = None
    try:
        with trace.use_span(
            batch, end_on_exit=False, record_exception=False, set_status_on_exception=False
        ):
            yield
    except BaseException as exc:
        error = exc
        raise
    finally:
        for span in journeys:
            end_span(span, error)
        end_span(batch, error)


def _start_batch_span(
    messages: Sequence[InboundMessage],
    group: str,
    contexts: list[SpanContext],
    started: int,
) -> Span:
    """A root span of its own (as the relay's publish span), linked to the producer contexts
    up to the SDK's link limit; the message count says how many messages it stands for."""
    topics = {m.topic for m in messages}
    attributes: dict[str, str | int] = {
        "messaging.system": "kafka",
        "messaging.operation.name": "process",
        "messaging.operation.type": "process",
        "messaging.batch.message_count": len(messages),
        "messaging.consumer.group.name": group,
    }
    name = "process"
    if len(topics) == 1:
        [topic] = topics
        name = f"process {topic}"
        attributes["messaging.destination.name"] = topic
    links = [Link(c) for c in contexts[: link_limit() or len(contexts)]]
    return tracer().start_span(
        name,
        context=Context(),  # a trace of its own, whatever is current
        kind=SpanKind.CONSUMER,
        attributes=attributes,
        links=links,
        start_time=started,
    )
