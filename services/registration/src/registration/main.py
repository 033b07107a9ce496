"""The registration process: HTTP API and the relay that publishes its log to Kafka."""

from __future__ import annotations

import os

import uvicorn
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from eventkit.settings import load_settings
from eventkit.telemetry import configure_logging, setup_tracing
from registration.api.app import create_app
from registration.bootstrap import RegistrationService


def main() -> None:
    configure_logging("registration")
    setup_tracing("registration")
    service = RegistrationService(load_settings())
    app = create_app(service, lifespan=service.lifespan)
    # One server span per request: the ASGI receive/send sub-spans cost more CPU than a small
    # request's handler and say nothing a server span does not; health probes make no spans.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="/health", exclude_spans=["receive", "send"]
    )
    port = int(os.environ.get("KOMPETEN_HTTP_PORT", "18001"))
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
