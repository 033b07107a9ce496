"""GET /applications: accepted applications awaiting assessment planning (planners only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assessment.api.errors import ERROR_RESPONSES, refused
from assessment.application.application_accepted import AcceptedApplications


class AcceptedApplicationOut(BaseModel):
    application_id: UUID
    candidate_id: UUID
    scheme_code: str
    scheme_version: int
    occupational_group: str
    cooperative_id: UUID
    district_code: str
    adjustment_needs: list[str]
    accepted_at: datetime


def make_router(accepted: Callable[[], AcceptedApplications], guard: Sequence[Any]) -> APIRouter:
    router = APIRouter(tags=["applications"], dependencies=guard, responses=ERROR_RESPONSES)

    @router.get("/applications/{application_id}", response_model=AcceptedApplicationOut)
    async def get_application(application_id: UUID) -> AcceptedApplicationOut:
        found = await accepted().get(application_id)
        if found is None:
            raise refused(
                404, "application_id", "permohonan belum diterima", "application not (yet) received"
            )
        return AcceptedApplicationOut(**found.__dict__)

    @router.get("/applications", response_model=list[AcceptedApplicationOut])
    async def list_applications(
        district_code: Annotated[str, Query(pattern=r"^\d{4}$")],
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[AcceptedApplicationOut]:
        found = await accepted().in_district(district_code, limit)
        return [AcceptedApplicationOut(**a.__dict__) for a in found]

    return router
