"""HTTP API of registration: requests become commands and queries; nothing here decides.

Each feature is a router module in this package; its endpoints reach the composition root as
`request.app.state.service` (a started bootstrap.RegistrationService)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI

from registration.api import (
    applications,
    candidates,
    cohort_imports,
    cooperatives,
    evidence,
    progress,
    schemes,
    sign_in,
    staff,
    verification,
)
from registration.api.errors import ERROR_RESPONSES, install_error_handlers

ROUTERS = [
    sign_in.router,
    staff.router,
    candidates.router,
    applications.router,
    evidence.router,
    verification.router,
    cooperatives.router,
    schemes.router,
    cohort_imports.router,
    progress.router,
]


def create_app(
    service: Any,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    app = FastAPI(title="Kompeten registration", version="0.1.0", lifespan=lifespan)
    app.state.service = service
    install_error_handlers(app)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    for router in ROUTERS:
        app.include_router(router, responses=ERROR_RESPONSES)
    return app
