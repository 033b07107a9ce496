"""One way to make a service's HTTP app: its routers behind the request guards, every 4xx in
the one error body, /health, and API docs (/docs, /redoc) that work with no internet."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline

from servicekit.errors import ERROR_RESPONSES, install_error_handlers
from servicekit.guards import BodyLimit, RequestGuard, default_limit
from servicekit.lean import FastLane, Lane
from servicekit.root import attach

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(
    title: str,
    root: object,
    routers: Iterable[APIRouter],
    *,
    lifespan: Lifespan | None = None,
    limit_for: Callable[[str], BodyLimit] = default_limit,
    description: str = "",
    lanes: Sequence[Lane] = (),
) -> FastAPI:
    app = FastAPIOffline(
        title=title,
        version="0.1.0",
        description=description,
        lifespan=lifespan,
        static_url="/docs-assets",
    )
    attach(app, root)
    install_error_handlers(app)
    if lanes:  # inside the guards: a lane's body is limited and inspected as any other's
        app.add_middleware(FastLane, lanes=lanes, handlers=lambda: app.exception_handlers)
    app.add_middleware(RequestGuard, limit_for=limit_for)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    for router in routers:
        app.include_router(router, responses=ERROR_RESPONSES)
    return app
