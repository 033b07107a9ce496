"""HTTP API of assessment: queries of its read models (staff only)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from assessment.api.applications import make_router
from assessment.application.application_accepted import AcceptedApplications
from assessment.application.ports import CandidatePool

bearer = HTTPBearer(auto_error=False)


class PooledCandidateOut(BaseModel):
    candidate_id: UUID
    district_code: str
    registered_at: datetime


def staff_tokens() -> list[str]:
    return [t for t in os.environ.get("KOMPETEN_STAFF_TOKENS", "dev-staff-token").split(",") if t]


def require_staff(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    given = credentials.credentials if credentials else ""
    if not any(secrets.compare_digest(given, token) for token in staff_tokens()):
        raise HTTPException(
            401,
            {
                "field": "Authorization",
                "reason": "token staf diperlukan",
                "reason_en": "a staff bearer token is required",
            },
        )


def create_app(
    candidate_pool: Callable[[], CandidatePool],
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    accepted_applications: Callable[[], AcceptedApplications] | None = None,
) -> FastAPI:
    app = FastAPI(title="Kompeten assessment", version="0.1.0", lifespan=lifespan)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/candidates/{candidate_id}",
        response_model=PooledCandidateOut,
        dependencies=[Depends(require_staff)],
    )
    async def get_candidate(candidate_id: UUID) -> PooledCandidateOut:
        found = await candidate_pool().get(candidate_id)
        if found is None:
            raise HTTPException(
                404,
                {
                    "field": "candidate_id",
                    "reason": "kandidat belum diterima",
                    "reason_en": "candidate not (yet) received",
                },
            )
        return PooledCandidateOut(**found.__dict__)

    @app.get(
        "/candidates",
        response_model=list[PooledCandidateOut],
        dependencies=[Depends(require_staff)],
    )
    async def list_candidates(
        district_code: Annotated[str, Query(pattern=r"^\d{4}$")],
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[PooledCandidateOut]:
        found = await candidate_pool().in_district(district_code, limit)
        return [PooledCandidateOut(**c.__dict__) for c in found]

    if accepted_applications is not None:
        app.include_router(make_router(accepted_applications, require_staff))
    return app
