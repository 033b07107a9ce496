"""Spans leave a service over OTLP/HTTP when a collector is configured, and only then.

A service process is played by a child Python that calls `setup_tracing`, as each service's
`main` does, ends one span and exits (the SDK flushes its batch processor at exit). The
collector is a tiny HTTP server in this test that decodes the protobuf POSTs to /v1/traces."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from eventkit.otlp import ENDPOINT_VARIABLES, otlp_exporter_from_env
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration

SPAN_NAME = "otlp proof"
# A stand-in for a service's main: install tracing, end one span, list its span processors.
# The processors are read from the SDK's private fields: nothing public lists them.
SERVICE = f"""
import json
from opentelemetry import trace
from eventkit.telemetry import setup_tracing

provider = setup_tracing("otlp-proof-service")
with trace.get_tracer("proof").start_as_current_span({SPAN_NAME!r}):
    pass
processors = provider._active_span_processor._span_processors
print(json.dumps([type(p).__name__ for p in processors]))
"""


def spans_of(request: ExportTraceServiceRequest) -> list[tuple[str, str]]:
    found = []
    for resource_spans in request.resource_spans:
        resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            found += [(resource.get("service.name", ""), s.name) for s in scope_spans.spans]
    return found


class Collector:
    """Records (service.name, span name) of every span POSTed to /v1/traces."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, str]] = []
        self.paths: list[str] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                collector.spans += spans_of(ExportTraceServiceRequest.FromString(body))
                collector.paths.append(self.path)
                reply = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@contextmanager
def running_collector() -> Iterator[Collector]:
    collector = Collector()
    thread = threading.Thread(target=collector.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield collector
    finally:
        collector.server.shutdown()
        collector.server.server_close()
        thread.join()


async def run_service(**variables: str) -> list[str]:
    """Run the stand-in service with only `variables` of the OTLP endpoint ones set; the span
    processors it installed, by class name."""
    env = {k: v for k, v in os.environ.items() if k not in ENDPOINT_VARIABLES}
    env.update(variables)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SERVICE,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(child.communicate(), timeout=60)
    assert child.returncode == 0, err.decode()
    installed: list[str] = json.loads(out.decode().strip().splitlines()[-1])
    return installed


async def test_spans_are_posted_to_the_collector_the_standard_variable_names() -> None:
    with running_collector() as collector:
        installed = await run_service(OTEL_EXPORTER_OTLP_ENDPOINT=collector.endpoint)

        async def arrived() -> bool:
            return ("otlp-proof-service", SPAN_NAME) in collector.spans

        await wait_until(arrived, timeout=30, what="the span at the collector")
    assert installed == ["BatchSpanProcessor"]
    assert collector.paths and set(collector.paths) == {"/v1/traces"}


async def test_without_a_collector_no_exporter_is_installed() -> None:
    assert await run_service() == []


def test_either_standard_endpoint_variable_configures_the_exporter() -> None:
    assert otlp_exporter_from_env({}) is None
    assert otlp_exporter_from_env({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}) is None
    for name in ENDPOINT_VARIABLES:
        exporter = otlp_exporter_from_env({name: "http://127.0.0.1:4318"})
        assert isinstance(exporter, OTLPSpanExporter), name
