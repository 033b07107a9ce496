"""Test sites (TUK) over HTTP: an LSP's admins register their sites, set the equipment per
scheme and record each verification; the LSP's staff (the test-site head among them) read
them. Another LSP's site answers 404, as one that does not exist."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from assessment.api.access import Planner
from assessment.api.root import Service
from assessment.shared.domain.codes import DISTRICT_CODE, SCHEME_CODE
from assessment.sites.application.site_commands import SiteRegistration
from assessment.sites.domain.site import TestSite
from assessment.sites.domain.site_events import SiteKind, TrainingCentre
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["test sites"])
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
SchemeCode = Annotated[str, Path(pattern=SCHEME_CODE, max_length=80)]


class RegisterSiteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: SiteKind
    training_centre: TrainingCentre | None = Field(
        default=None, description="blk_bpvp or uptd when a training centre is the site"
    )
    name: str = Field(max_length=400, examples=["BLK Karangasem, Aula Utama"])
    address: str = Field(max_length=600, description="the institution's address")
    district_code: str = Field(pattern=DISTRICT_CODE, description="Kemendagri district code")
    capacity: int = Field(description="seats", examples=[160])
    client_id: UUID | None = Field(default=None, description="the same id on a retry")


class EquipmentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[Annotated[str, Field(max_length=400)]] = Field(max_length=200)


class VerificationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verified_on: date
    valid_until: date


class HeadsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    head_ids: list[UUID] = Field(
        max_length=10, description="the staff accounts (test_site_head) heading the site"
    )


class SiteOut(BaseModel):
    site_id: UUID
    lsp_id: UUID
    kind: SiteKind
    training_centre: TrainingCentre | None
    name: str
    address: str
    district_code: str
    capacity: int
    equipment: dict[str, list[str]]
    verified_on: date | None
    valid_until: date | None
    registered_at: datetime
    head_ids: list[UUID] | None = Field(
        default=None, description="who heads the site (in a site's own answer, not the list)"
    )


def _out(site: TestSite) -> SiteOut:
    assert site.registered is not None
    registered, verification = site.registered, site.verification
    return SiteOut(
        **registered.model_dump(exclude={"actor", "at"}),
        equipment={code: list(items) for code, items in site.equipment.items()},
        verified_on=verification.verified_on if verification else None,
        valid_until=verification.valid_until if verification else None,
        registered_at=registered.at,
        head_ids=list(site.heads),
    )


@router.post("/sites", status_code=201, responses={200: {"description": "A retry"}})
async def register_site(
    body: RegisterSiteBody, service: Service, admin: Admin, response: Response
) -> dict[str, UUID]:
    request = SiteRegistration(**body.model_dump())
    site_id, replayed = await service.sites().commands.register(
        request, admin.account_id, admin.lsp_id
    )
    if replayed:
        response.status_code = 200
    return {"site_id": site_id}


@router.put("/sites/{site_id}/equipment/{scheme_code}", response_model=SiteOut)
async def set_equipment(
    site_id: UUID, scheme_code: SchemeCode, body: EquipmentBody, service: Service, admin: Admin
) -> Any:
    commands = service.sites().commands
    await commands.set_equipment(site_id, scheme_code, body.items, admin.account_id, admin.lsp_id)
    return _out(await commands.site(site_id, admin.lsp_id))


@router.post("/sites/{site_id}/verification", response_model=SiteOut)
async def verify_site(site_id: UUID, body: VerificationBody, service: Service, admin: Admin) -> Any:
    commands = service.sites().commands
    await commands.verify(
        site_id, body.verified_on, body.valid_until, admin.account_id, admin.lsp_id
    )
    return _out(await commands.site(site_id, admin.lsp_id))


@router.put("/sites/{site_id}/heads", response_model=SiteOut)
async def set_heads(site_id: UUID, body: HeadsBody, service: Service, admin: Admin) -> Any:
    commands = service.sites().commands
    await commands.set_heads(site_id, body.head_ids, admin.account_id, admin.lsp_id)
    return _out(await commands.site(site_id, admin.lsp_id))


@router.get("/sites", response_model=list[SiteOut])
async def list_sites(
    service: Service,
    staff: Planner,
    district_code: Annotated[str | None, Query(pattern=DISTRICT_CODE)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Any:
    return await service.sites().listing.of_lsp(staff.lsp_id, district_code, limit)


@router.get("/sites/{site_id}", response_model=SiteOut)
async def get_site(site_id: UUID, service: Service, staff: Planner) -> Any:
    return _out(await service.sites().commands.site(site_id, staff.lsp_id))
