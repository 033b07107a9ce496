"""GET /applications: accepted applications awaiting assessment planning (planners only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assessment.api.access import PLANNERS, Planner
from assessment.api.root import Service
from kompeten_contracts.errors import not_found

router = APIRouter(tags=["applications"], dependencies=PLANNERS)


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
    lsp_id: UUID | None = None


@router.get("/applications/{application_id}", response_model=AcceptedApplicationOut)
async def get_application(
    application_id: UUID, service: Service, planner: Planner
) -> AcceptedApplicationOut:
    found = await service.accepted().get(application_id, planner.lsp_id)
    if found is None:
        raise not_found(
            "application_id", "permohonan belum diterima", "application not (yet) received"
        )
    return AcceptedApplicationOut(**found.__dict__)


@router.get("/applications", response_model=list[AcceptedApplicationOut])
async def list_applications(
    service: Service,
    planner: Planner,
    district_code: Annotated[str, Query(pattern=r"^\d{4}$")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AcceptedApplicationOut]:
    found = await service.accepted().in_district(district_code, limit, planner.lsp_id)
    return [AcceptedApplicationOut(**a.__dict__) for a in found]
