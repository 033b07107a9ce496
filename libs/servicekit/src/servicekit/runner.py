"""A service's process: JSON logs, tracing, one server span per request, uvicorn."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from eventkit.telemetry import configure_logging, setup_tracing
from servicekit.memory import settle


def serve(name: str, make_app: Callable[[], FastAPI], default_port: int) -> None:
    """Run the app `make_app()` builds (after logging and tracing are set up) on
    KOMPETEN_HTTP_PORT (default_port when unset), on loopback: the reverse proxy is the door."""
    configure_logging(name)
    setup_tracing(name)
    app = make_app()
    # One server span per request: the ASGI receive/send sub-spans cost more CPU than a small
    # request's handler and say nothing a server span does not; health probes make no spans.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="/health", exclude_spans=["receive", "send"]
    )
    settled_after_startup(app)
    port = int(os.environ.get("KOMPETEN_HTTP_PORT", str(default_port)))
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


def settled_after_startup(app: FastAPI) -> None:
    """The garbage collector set for serving (servicekit.memory) once the app's lifespan has
    started the service: its wiring and caches are then long-lived and never walked again."""
    started = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        async with started(app) as state:
            settle()
            yield state

    app.router.lifespan_context = lifespan
