"""GET /candidates: the candidates assessment received from registration (planners only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assessment.api.access import PLANNERS
from assessment.api.root import Service
from kompeten_contracts.errors import not_found

router = APIRouter(tags=["candidates"], dependencies=PLANNERS)


class PooledCandidateOut(BaseModel):
    candidate_id: UUID
    district_code: str
    registered_at: datetime


@router.get("/candidates/{candidate_id}", response_model=PooledCandidateOut)
async def get_candidate(candidate_id: UUID, service: Service) -> PooledCandidateOut:
    found = await service.pooled().get(candidate_id)
    if found is None:
        raise not_found("candidate_id", "kandidat belum diterima", "candidate not (yet) received")
    return PooledCandidateOut(**found.__dict__)


@router.get("/candidates", response_model=list[PooledCandidateOut])
async def list_candidates(
    service: Service,
    district_code: Annotated[str, Query(pattern=r"^\d{4}$")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[PooledCandidateOut]:
    found = await service.pooled().in_district(district_code, limit)
    return [PooledCandidateOut(**c.__dict__) for c in found]
