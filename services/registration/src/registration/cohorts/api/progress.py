"""The operators' progress view: every district one may see, one district, and its cooperatives and
schemes."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from kompeten_contracts.roles import Role
from registration.api.root import Service
from servicekit.auth import Principal, require_district, require_roles

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


class ApplicationCounts(BaseModel):
    submitted: int
    returned: int
    accepted: int
    rejected: int


class SchemeProgressBody(ApplicationCounts):
    scheme_code: str


class CooperativeProgressBody(Counts):
    cooperative_id: UUID
    name: str | None


@router.get("/progress/districts", response_model=list[DistrictProgressBody])
async def districts_progress(service: Service, who: Operator) -> list[DistrictProgressBody]:
    """Every district with candidates or applications: a district operator's own only."""
    codes = list(who.districts) if who.role is Role.DISTRICT_OPERATOR else None
    rows = await service.cohort().progress.districts(codes)
    return [DistrictProgressBody(**row) for row in rows]


@router.get("/progress/districts/{code}", response_model=DistrictProgressBody)
async def district_progress(
    code: DistrictCode, service: Service, who: Operator
) -> DistrictProgressBody:
    """Candidates registered, and applications by where they are now (submitted = waiting)."""
    require_district(who, code, "code")
    found = await service.cohort().progress.district(code)
    return DistrictProgressBody(**found)


@router.get("/progress/districts/{code}/cooperatives", response_model=list[CooperativeProgressBody])
async def cooperative_progress(
    code: DistrictCode, service: Service, who: Operator
) -> list[CooperativeProgressBody]:
    require_district(who, code, "code")
    rows = await service.cohort().progress.cooperatives(code)
    return [CooperativeProgressBody(**row) for row in rows]


@router.get("/progress/districts/{code}/schemes", response_model=list[SchemeProgressBody])
async def scheme_progress(
    code: DistrictCode, service: Service, who: Operator
) -> list[SchemeProgressBody]:
    """The district's applications per scheme, by where they are now (a scheme is chosen when
    applying, so registered candidates are not counted here)."""
    require_district(who, code, "code")
    rows = await service.cohort().progress.schemes(code)
    return [SchemeProgressBody(**row) for row in rows]
