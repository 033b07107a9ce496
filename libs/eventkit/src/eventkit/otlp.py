"""Where spans go in production: to the OpenTelemetry collector that the standard variables
name, over OTLP/HTTP (protobuf); nowhere when none is named."""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry.sdk.trace.export import SpanExporter

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def otlp_exporter_from_env(environ: Mapping[str, str] = os.environ) -> SpanExporter | None:
    """An OTLP/HTTP span exporter when either endpoint variable is set, else None. The
    exporter itself reads the endpoint (`.../v1/traces` under OTEL_EXPORTER_OTLP_ENDPOINT),
    headers, timeout and compression from the same standard variables."""
    if not any(environ.get(name) for name in ENDPOINT_VARIABLES):
        return None
    # Imported only when a collector is configured: the exporter brings protobuf and requests,
    # which a process that exports nothing need not load (the services' RSS is a target).
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()
