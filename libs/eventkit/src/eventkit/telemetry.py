"""OpenTelemetry for the event runtime: tracing setup, W3C trace context as a string, Kafka
producer/consumer spans (messaging semantic conventions), metrics, JSON logs with trace ids."""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from opentelemetry import metrics, trace
from opentelemetry.context import Context
from opentelemetry.metrics import _Gauge as Gauge  # the synchronous gauge's only export
from opentelemetry.sdk.environment_variables import OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON, ParentBased, Sampler, TraceIdRatioBased
from opentelemetry.trace import Link, Span, SpanContext, SpanKind, Status, StatusCode, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from eventkit.otlp import otlp_exporter_from_env
from eventkit.secrets import development_mode

_PROPAGATOR = TraceContextTextMapPropagator()
_TRACER = "eventkit"


# The share of journeys traced in production when OTEL_TRACES_SAMPLER is unset (see
# `default_sampler`).
PRODUCTION_TRACE_RATIO = 0.01


def default_sampler(*, development: bool | None = None) -> Sampler | None:
    """The sampler of the provider `setup_tracing` installs. None when the standard variable
    `OTEL_TRACES_SAMPLER` is set: the SDK then reads it and `OTEL_TRACES_SAMPLER_ARG` itself.
    Unset, in production: `ParentBased(TraceIdRatioBased(r))`, r from
    `OTEL_TRACES_SAMPLER_ARG`, else `PRODUCTION_TRACE_RATIO` (1%). The decision is taken once,
    at the root of a journey (the command's request), travels in the traceparent through the
    log, the relay and Kafka, and every service follows it: a sampled journey is one whole
    trace, an unsampled one costs no spans (tracing every record was most of a busy
    consumer's CPU). Unset, in development mode (`KOMPETEN_DEVELOPMENT=1`: `make up`, the
    tests, the demo): `ParentBased(ALWAYS_ON)`, every journey, as a person trying the product
    and the journey tests expect. `development` overrides the environment's mode (a benchmark
    in development mode measures production's sampling)."""
    if os.environ.get(OTEL_TRACES_SAMPLER, "").strip():
        return None
    if development_mode() if development is None else development:
        return ParentBased(ALWAYS_ON)
    ratio = PRODUCTION_TRACE_RATIO
    if arg := os.environ.get(OTEL_TRACES_SAMPLER_ARG, "").strip():
        ratio = float(arg)
    return ParentBased(TraceIdRatioBased(ratio))


def setup_tracing(
    service_name: str, exporter: SpanExporter | None = None, *, sampler: Sampler | None = None
) -> TracerProvider:
    """Install the process's TracerProvider, or add the exporter to the one already installed:
    OpenTelemetry refuses to replace a global provider, and tests call this more than once.
    The provider that this installs also exports over OTLP when a collector is configured
    (`otlp_exporter_from_env`); its sampler is `sampler`, else `default_sampler()`'s."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider(
            sampler=sampler or default_sampler(),
            resource=Resource.create({"service.name": service_name}),
        )
        trace.set_tracer_provider(provider)
        if (otlp := otlp_exporter_from_env()) is not None:
            provider.add_span_processor(BatchSpanProcessor(otlp))
    if exporter is not None:
        # In-memory export is for tests, which assert on spans right after they end.
        processor: SpanProcessor = (
            SimpleSpanProcessor(exporter)
            if isinstance(exporter, InMemorySpanExporter)
            else BatchSpanProcessor(exporter)
        )
        provider.add_span_processor(processor)
    return provider


def traceparent_of(context: Context | None = None) -> str | None:
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier, context=context)
    return carrier.get("traceparent")


def current_traceparent() -> str | None:
    return traceparent_of()


def context_from_traceparent(traceparent: str | None) -> Context:
    """The context to parent a span on; an empty one (a new trace) when there is none."""
    return _PROPAGATOR.extract({"traceparent": traceparent} if traceparent else {})


def start_kafka_span(
    operation: str,
    topic: str,
    *,
    parent: Context,
    key: str | None,
    message_id: str,
    partition: int | None = None,
    offset: int | None = None,
    group: str | None = None,
    start_time: int | None = None,
    links: Sequence[Link] | None = None,
) -> Span:
    """A `send` (PRODUCER) or `process` (CONSUMER) span named `<operation> <topic>`, with the
    messaging semantic conventions' attributes; the caller ends it. Built once per record on
    the relay's and the inbox's hot paths, so it builds one dict and nothing else."""
    attributes: dict[str, str | int] = {
        "messaging.system": "kafka",
        "messaging.operation.name": operation,
        "messaging.operation.type": operation,
        "messaging.destination.name": topic,
        "messaging.message.id": message_id,
    }
    if key is not None:
        attributes["messaging.kafka.message.key"] = key
    if partition is not None:
        attributes["messaging.destination.partition.id"] = str(partition)
    if offset is not None:
        attributes["messaging.kafka.offset"] = offset
    if group is not None:
        attributes["messaging.consumer.group.name"] = group
    kind = SpanKind.PRODUCER if operation == "send" else SpanKind.CONSUMER
    return tracer().start_span(
        f"{operation} {topic}",
        context=parent,
        kind=kind,
        attributes=attributes,
        links=links,
        start_time=start_time,
    )


@contextmanager
def kafka_span(operation: str, topic: str, **kw: Any) -> Iterator[Span]:
    """start_kafka_span as the current span until the block ends (errors recorded on it)."""
    with trace.use_span(start_kafka_span(operation, topic, **kw), end_on_exit=True) as span:
        yield span


def start_publish_span(topic: str, count: int, traceparents: Iterable[str | None]) -> Span:
    """The PRODUCER span of a batch publish (messaging semantic conventions): a root span
    of its own, linked to each message's creation context, i.e. the traceparent the command
    stored with the event (each distinct one once). Its parent is the current context (none
    in the relay's loop: a trace of its own). The caller ends it (`end_span`)."""
    attributes: dict[str, str | int] = {
        "messaging.system": "kafka",
        "messaging.operation.name": "publish",
        "messaging.operation.type": "send",
        "messaging.destination.name": topic,
        "messaging.batch.message_count": count,
    }
    links = None
    if sdk_installed():  # the links are only worth parsing when the span is recorded
        links = [Link(c) for c in map(span_context_of, dict.fromkeys(traceparents)) if c]
    return tracer().start_span(
        f"publish {topic}",
        kind=SpanKind.PRODUCER,
        attributes=attributes,
        links=links,
    )


def end_span(span: Span, error: BaseException | None) -> None:
    if error is not None:
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, type(error).__name__))
    span.end()


@functools.cache
def link_limit() -> int | None:
    """How many links the SDK keeps per span (OTEL_SPAN_LINK_COUNT_LIMIT, 128 by default);
    None: unlimited."""
    limit = SpanLimits().max_links
    return limit if limit and limit > 0 else None


def span_context_of(traceparent: str | None) -> SpanContext | None:
    """A remote SpanContext from a stored W3C traceparent (version 00), without building a
    Context through the propagator; None if it is absent or malformed."""
    if not traceparent or len(traceparent) != 55 or not traceparent.startswith("00-"):
        return None
    try:
        trace_id, span_id, flags = (int(part, 16) for part in traceparent[3:].split("-"))
    except ValueError:
        return None
    context = SpanContext(trace_id, span_id, is_remote=True, trace_flags=TraceFlags(flags))
    return context if context.is_valid else None


def span_traceparent(span: Span) -> str | None:
    if not span.get_span_context().is_valid:
        return None  # no tracer installed: skip the propagator on the relay's hot path
    return traceparent_of(trace.set_span_in_context(span))


@functools.cache
def tracer() -> trace.Tracer:
    # A proxy until setup_tracing() installs the provider, then the real tracer: safe to keep.
    return trace.get_tracer(_TRACER)


def sdk_installed() -> bool:
    """Whether spans are built at all (an SDK TracerProvider is installed): without one, work
    done only for a span's sake (parsing links) is skipped."""
    return isinstance(trace.get_tracer_provider(), TracerProvider)


@dataclass(frozen=True)
class Instruments:
    relay_published: metrics.Counter
    relay_lag: Gauge
    consumer_handled: metrics.Counter
    consumer_handler_latency: metrics.Histogram
    consumer_lag: Gauge
    store_appended: metrics.Counter


@functools.cache
def instruments() -> Instruments:
    """Created on first use, so the application's MeterProvider (if any) is set by then."""
    meter = metrics.get_meter(_TRACER)
    return Instruments(
        relay_published=meter.create_counter(
            "kompeten.relay.published", unit="{message}", description="Records acked by Kafka"
        ),
        relay_lag=meter.create_gauge(
            "kompeten.relay.lag", unit="{event}", description="Log head minus relay checkpoint"
        ),
        consumer_handled=meter.create_counter(
            "kompeten.consumer.handled", unit="{message}", description="Records by outcome"
        ),
        consumer_handler_latency=meter.create_histogram(
            "kompeten.consumer.handler_latency", unit="s", description="Handler run time"
        ),
        consumer_lag=meter.create_gauge(
            "kompeten.consumer.lag", unit="{message}", description="High watermark - next offset"
        ),
        store_appended=meter.create_counter(
            "kompeten.store.appended", unit="{event}", description="Events appended"
        ),
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per line, carrying the trace and span id of the current span so a log
    line can be found from its trace and the other way round."""

    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service_name,
            "logger": record.name,
            "message": record.getMessage(),
        }
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            line["trace_id"] = trace.format_trace_id(span_context.trace_id)
            line["span_id"] = trace.format_span_id(span_context.span_id)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure_logging(service_name: str, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(service_name))
    logging.basicConfig(level=level, handlers=[handler], force=True)
