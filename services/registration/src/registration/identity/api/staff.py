"""POST /staff: an LSP admin opens a staff account; the person then signs in by e-mail code."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.identity.application.open_staff_account import OpenStaffAccount
from registration.identity.domain.account import LSP_STAFF
from registration.identity.domain.email_address import EmailAddress
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["staff"])
DistrictCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


class StaffBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailAddress
    role: Role = Field(description="Any role but candidate")
    districts: list[DistrictCode] = Field(
        default=[],
        max_length=50,
        description="A district operator's districts (Kemendagri codes), where they may read "
        "and register; required for district operators, empty for other roles",
    )


class StaffOpened(BaseModel):
    account_id: UUID


@router.post("/staff", status_code=201, response_model=StaffOpened)
async def open_staff_account(
    body: StaffBody,
    service: Service,
    admin: Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))],
) -> StaffOpened:
    handler = service.identities().open_staff_account
    # An admin opens staff accounts of their own LSP only.
    lsp_id = admin.lsp_id if body.role in LSP_STAFF else None
    districts = tuple(body.districts)
    command = OpenStaffAccount(body.email, body.role, admin.account_id, districts, lsp_id)
    account_id = await handler(command)
    return StaffOpened(account_id=account_id)
