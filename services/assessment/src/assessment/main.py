"""The assessment process: HTTP API and the consumer of registration's events."""

from __future__ import annotations

import os

import uvicorn
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.consumers import registration_events
from eventkit.settings import load_settings
from eventkit.telemetry import configure_logging, setup_tracing


def main() -> None:
    configure_logging("assessment")
    setup_tracing("assessment")
    service = AssessmentService(load_settings(), subscriptions=[registration_events.subscribe])
    app = create_app(
        service.pooled, lifespan=service.lifespan, accepted_applications=service.accepted
    )
    # One server span per request: the ASGI receive/send sub-spans cost more CPU than a small
    # request's handler and say nothing a server span does not; health probes make no spans.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="/health", exclude_spans=["receive", "send"]
    )
    port = int(os.environ.get("KOMPETEN_HTTP_PORT", "18002"))
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
