"""Assessors over HTTP: an LSP's admins register assessors (by their staff account) and keep
their schemes; the admin or the assessor themself declares relations and unavailable dates; the
LSP's staff read them, an assessor reads their own record (/assessors/me). Another LSP's
assessor, or another assessor's record for an assessor, answers 404 as one that does not exist."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from assessment.api.access import ASSESSOR_KEEPERS, ASSESSOR_READERS
from assessment.api.root import Service
from assessment.assessors.api.assessor_bodies import (
    AssessorOut,
    RegisterAssessorBody,
    RelationBody,
    SchemesBody,
    UnavailabilityBody,
    out,
)
from assessment.assessors.application.assessor_commands import (
    AssessorRegistration,
    no_such_assessor,
)
from assessment.assessors.domain.assessor_events import Relation
from assessment.shared.domain.codes import DISTRICT_CODE, SCHEME_CODE
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["assessors"])
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
Keeper = Annotated[Principal, Depends(require_roles(*ASSESSOR_KEEPERS))]
Reader = Annotated[Principal, Depends(require_roles(*ASSESSOR_READERS))]
Me = Annotated[Principal, Depends(require_roles(Role.ASSESSOR))]


def _own_or_admin(keeper: Principal, assessor_id: UUID) -> None:
    if keeper.role is Role.ASSESSOR and keeper.account_id != assessor_id:
        raise no_such_assessor()


@router.post("/assessors", status_code=201, responses={200: {"description": "A retry"}})
async def register_assessor(
    body: RegisterAssessorBody, service: Service, admin: Admin, response: Response
) -> dict[str, UUID]:
    request = AssessorRegistration(**body.model_dump())
    if await service.assessors().commands.register(request, admin.account_id, admin.lsp_id):
        response.status_code = 200
    return {"assessor_id": body.account_id}


@router.put("/assessors/{assessor_id}/schemes", response_model=AssessorOut)
async def set_schemes(assessor_id: UUID, body: SchemesBody, service: Service, admin: Admin) -> Any:
    commands = service.assessors().commands
    await commands.set_schemes(assessor_id, body.scheme_codes, admin.account_id, admin.lsp_id)
    return out(await commands.assessor(assessor_id, admin.lsp_id), full=True)


@router.post("/assessors/{assessor_id}/relations", response_model=AssessorOut)
async def declare_relation(
    assessor_id: UUID, body: RelationBody, service: Service, keeper: Keeper
) -> Any:
    _own_or_admin(keeper, assessor_id)
    commands = service.assessors().commands
    relation = Relation(**body.model_dump())
    await commands.declare_relation(assessor_id, relation, keeper.account_id, keeper.lsp_id)
    return out(await commands.assessor(assessor_id, keeper.lsp_id), full=True)


@router.post("/assessors/{assessor_id}/unavailability", response_model=AssessorOut)
async def declare_unavailability(
    assessor_id: UUID, body: UnavailabilityBody, service: Service, keeper: Keeper
) -> Any:
    _own_or_admin(keeper, assessor_id)
    commands = service.assessors().commands
    await commands.declare_unavailability(assessor_id, body.dates, keeper.account_id,
                                          keeper.lsp_id)  # fmt: skip
    return out(await commands.assessor(assessor_id, keeper.lsp_id), full=True)


@router.get("/assessors", response_model=list[AssessorOut])
async def list_assessors(
    service: Service,
    staff: Reader,
    scheme_code: Annotated[str | None, Query(pattern=SCHEME_CODE, max_length=80)] = None,
    district_code: Annotated[str | None, Query(pattern=DISTRICT_CODE)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Any:
    listing = service.assessors().listing
    return await listing.of_lsp(staff.lsp_id, scheme_code, district_code, limit)


@router.get("/assessors/me", response_model=AssessorOut)
async def my_record(service: Service, me: Me) -> Any:
    return out(await service.assessors().commands.assessor(me.account_id, me.lsp_id), full=True)


@router.get("/assessors/{assessor_id}", response_model=AssessorOut)
async def get_assessor(assessor_id: UUID, service: Service, staff: Reader) -> Any:
    state = await service.assessors().commands.assessor(assessor_id, staff.lsp_id)
    return out(state, full=staff.role is Role.LSP_ADMIN)
