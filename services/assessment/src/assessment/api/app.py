"""HTTP API of assessment: queries of its read models, for the LSP staff who plan assessments.

Every endpoint but /health needs a session token registration issued (api/auth.py) for a role
in PLANNERS; every 4xx answers {"errors": [{field, reason, reason_en}]}."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel

from assessment.api.applications import make_router
from assessment.api.auth import require_roles
from assessment.api.errors import ERROR_RESPONSES, install_error_handlers, refused
from assessment.application.application_accepted import AcceptedApplications
from assessment.application.ports import CandidatePool
from kompeten_contracts.roles import Role

# The LSP's own staff who plan and run assessments read the pool of received candidates and
# accepted applications; district operators register people, they do not plan assessments.
PLANNERS = frozenset({Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER})


class PooledCandidateOut(BaseModel):
    candidate_id: UUID
    district_code: str
    registered_at: datetime


def create_app(
    candidate_pool: Callable[[], CandidatePool],
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    accepted_applications: Callable[[], AcceptedApplications] | None = None,
) -> FastAPI:
    app = FastAPI(title="Kompeten assessment", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    planners = [Depends(require_roles(PLANNERS))]

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/candidates/{candidate_id}",
        response_model=PooledCandidateOut,
        dependencies=planners,
        responses=ERROR_RESPONSES,
    )
    async def get_candidate(candidate_id: UUID) -> PooledCandidateOut:
        found = await candidate_pool().get(candidate_id)
        if found is None:
            raise refused(
                404, "candidate_id", "kandidat belum diterima", "candidate not (yet) received"
            )
        return PooledCandidateOut(**found.__dict__)

    @app.get(
        "/candidates",
        response_model=list[PooledCandidateOut],
        dependencies=planners,
        responses=ERROR_RESPONSES,
    )
    async def list_candidates(
        district_code: Annotated[str, Query(pattern=r"^\d{4}$")],
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[PooledCandidateOut]:
        found = await candidate_pool().in_district(district_code, limit)
        return [PooledCandidateOut(**c.__dict__) for c in found]

    if accepted_applications is not None:
        app.include_router(make_router(accepted_applications, planners))
    return app
