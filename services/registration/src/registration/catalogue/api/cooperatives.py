"""The cooperative registry over HTTP: LSP admins and district operators register cooperatives;
anyone signed in lists, searches and reads them (to pick their cooperative in APL-01)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.errors import not_found
from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.catalogue.application.register_cooperative import RegisterCooperativeRequest
from registration.catalogue.domain.cooperative_terms import CooperativeKind, label
from servicekit.auth import Principal, current_principal, require_district, require_roles

router = APIRouter(tags=["cooperatives"])
Registrar = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN, Role.DISTRICT_OPERATOR))]
SignedIn = Annotated[Principal, Depends(current_principal)]


class RegisterCooperativeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=3, max_length=200, examples=["Koperasi Desa Merah Putih Bugbug"])
    kind: CooperativeKind
    legal_number: str = Field(
        min_length=5, max_length=80, description="Nomor badan hukum (AHU-...)"
    )
    district_code: str = Field(pattern=r"^\d{4}$", description="Kemendagri district code")
    province_code: str = Field(pattern=r"^\d{2}$", description="Kemendagri province code")


class CooperativeOut(BaseModel):
    cooperative_id: UUID
    name: str
    kind: str
    kind_label: str
    district_code: str
    province_code: str


def _out(view: Any) -> CooperativeOut:
    return CooperativeOut(
        **{k: getattr(view, k) for k in ("cooperative_id", "name", "kind")},
        kind_label=label(CooperativeKind(view.kind)),
        district_code=view.district_code,
        province_code=view.province_code,
    )


@router.post("/cooperatives", status_code=201, responses={200: {"description": "A retry"}})
async def register_cooperative(
    body: RegisterCooperativeBody, service: Service, response: Response, staff: Registrar
) -> dict[str, UUID]:
    require_district(staff, body.district_code, "district_code")
    catalogue = service.catalogues()
    result = await catalogue.register_cooperative(
        RegisterCooperativeRequest(**body.model_dump(mode="json")), staff.account_id
    )
    if result.replayed:
        response.status_code = 200
    return {"cooperative_id": result.cooperative_id}


@router.get("/cooperatives", response_model=list[CooperativeOut])
async def list_cooperatives(
    service: Service,
    _: SignedIn,
    district_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    directory = service.catalogues().cooperative_directory
    return [_out(view) for view in await directory.search(district_code, q, limit)]


@router.get("/cooperatives/{cooperative_id}", response_model=CooperativeOut)
async def get_cooperative(cooperative_id: UUID, service: Service, _: SignedIn) -> Any:
    view = await service.catalogues().cooperative_directory.get(cooperative_id)
    if view is None:
        raise not_found("cooperative_id", "koperasi tidak ditemukan", "no such cooperative")
    return _out(view)
