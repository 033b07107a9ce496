"""The scheme catalogue over HTTP. Published versions (with their brochures) are public: a
candidate reads them before signing up. Drafting, reading drafts (under /staff/schemes) and
publishing are for LSP admins only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.errors import not_found
from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.bootstrap import Catalogue, RegistrationService
from registration.catalogue.domain.scheme_content import SCHEME_CODE, SchemeContent
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["schemes"])
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
Code = Annotated[str, Path(pattern=SCHEME_CODE, max_length=80)]
Number = Annotated[int, Path(ge=1, le=10000)]


class DraftSchemeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scheme_code: str = Field(pattern=SCHEME_CODE, max_length=80, examples=["KOP-KASIR"])
    content: SchemeContent


class SchemeVersionRef(BaseModel):
    scheme_code: str
    version: int


def _catalogue(service: RegistrationService) -> Catalogue:
    return service.catalogues()


@router.get("/schemes")
async def published_schemes(service: Service) -> list[dict[str, Any]]:
    rows = await _catalogue(service).scheme_catalogue.latest_published()
    return [
        {
            "scheme_code": row["scheme_code"],
            "version": row["version"],
            "lsp_id": row["lsp_id"],
            "title": row["content"]["title"],
            "occupational_groups": row["content"]["occupational_groups"],
            "cooperative_kinds": row["content"]["cooperative_kinds"],
            "brochure": row["content"]["brochure"],
            "units": [(u["code"], u["title"]) for u in row["content"]["units"]],
        }
        for row in rows
    ]


@router.get("/schemes/{scheme_code}/versions/{version}")
async def scheme_version(scheme_code: Code, version: Number, service: Service) -> dict[str, Any]:
    row = await _catalogue(service).scheme_catalogue.version(scheme_code, version)
    if row is None or not row["published"]:
        raise not_found(
            "version", "versi skema terbit tidak ditemukan", "no such published version"
        )
    return {"scheme_code": scheme_code, "version": version, "published": True,
            "lsp_id": row["lsp_id"], **row["content"]}  # fmt: skip


class StaffSchemeVersion(BaseModel):
    scheme_code: str
    version: int
    published: bool
    title: str
    changed_at: datetime


@router.get("/staff/schemes", response_model=list[StaffSchemeVersion])
async def all_scheme_versions(service: Service, admin: Admin) -> Any:
    """Every version of the admin's LSP's schemes, drafts included."""
    return await _catalogue(service).scheme_catalogue.all_versions(admin.lsp_id)


@router.get("/staff/schemes/{scheme_code}/versions/{version}")
async def any_scheme_version(
    scheme_code: Code, version: Number, service: Service, admin: Admin
) -> dict[str, Any]:
    """One version as it stands, a draft or published (LSP admins only): what publishing it
    would make public."""
    row = await _catalogue(service).scheme_catalogue.version(scheme_code, version)
    if row is None or row["lsp_id"] != admin.lsp_id:  # another LSP's draft is not theirs
        raise not_found("version", "versi skema tidak ditemukan", "no such scheme version")
    return {
        "scheme_code": scheme_code,
        "version": version,
        "published": row["published"],
        "changed_at": row["changed_at"],
        **row["content"],
    }


@router.post("/schemes", status_code=201, response_model=SchemeVersionRef)
async def draft_scheme(body: DraftSchemeBody, service: Service, admin: Admin) -> Any:
    version = await _catalogue(service).schemes.draft(
        body.scheme_code, body.content, admin.account_id, admin.lsp_id
    )
    return SchemeVersionRef(scheme_code=body.scheme_code, version=version)


@router.post("/schemes/{scheme_code}/versions", status_code=201, response_model=SchemeVersionRef)
async def draft_next_version(scheme_code: Code, service: Service, admin: Admin) -> Any:
    version = await _catalogue(service).schemes.draft_next(
        scheme_code, admin.account_id, admin.lsp_id
    )
    return SchemeVersionRef(scheme_code=scheme_code, version=version)


@router.put("/schemes/{scheme_code}/versions/{version}", response_model=SchemeVersionRef)
async def revise_draft(
    scheme_code: Code, version: Number, content: SchemeContent, service: Service, admin: Admin
) -> Any:
    await _catalogue(service).schemes.revise(
        scheme_code, version, content, admin.account_id, admin.lsp_id
    )
    return SchemeVersionRef(scheme_code=scheme_code, version=version)


@router.post("/schemes/{scheme_code}/versions/{version}/publish", response_model=SchemeVersionRef)
async def publish_version(
    scheme_code: Code, version: Number, service: Service, admin: Admin
) -> Any:
    await _catalogue(service).schemes.publish(scheme_code, version, admin.account_id, admin.lsp_id)
    return SchemeVersionRef(scheme_code=scheme_code, version=version)
