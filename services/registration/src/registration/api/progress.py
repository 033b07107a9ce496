"""The operators' progress view: per district, and per cooperative of a district."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from kompeten_contracts.roles import Role
from registration.api.auth import Principal, require_roles

router = APIRouter(tags=["progress"])
Operator = Annotated[Principal, Depends(require_roles(Role.DISTRICT_OPERATOR, Role.LSP_ADMIN))]
DistrictCode = Annotated[str, Path(pattern=r"^\d{4}$", description="Kemendagri district code")]


class Counts(BaseModel):
    registered: int
    submitted: int
    returned: int
    accepted: int
    rejected: int


class DistrictProgressBody(Counts):
    district_code: str


class CooperativeProgressBody(Counts):
    cooperative_id: UUID
    name: str | None


@router.get("/progress/districts/{code}", response_model=DistrictProgressBody)
async def district_progress(
    code: DistrictCode, request: Request, _: Operator
) -> DistrictProgressBody:
    """Candidates registered, and applications by where they are now (submitted = waiting)."""
    found = await request.app.state.service.cohort().progress.district(code)
    return DistrictProgressBody(**found)


@router.get("/progress/districts/{code}/cooperatives", response_model=list[CooperativeProgressBody])
async def cooperative_progress(
    code: DistrictCode, request: Request, _: Operator
) -> list[CooperativeProgressBody]:
    rows = await request.app.state.service.cohort().progress.cooperatives(code)
    return [CooperativeProgressBody(**row) for row in rows]
