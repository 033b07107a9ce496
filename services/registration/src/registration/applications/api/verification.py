"""The LSP verifies applications: the queue (longest waiting first) and the three decisions.
Each decision is recorded with the deciding staff account (its id in the event and as actor)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.applications.api.applications import ctx
from registration.applications.application.verify_application import (
    FieldReason,
    accept,
    reject,
    return_for_fixes,
)
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["verification"])
Verifier = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    client_id: UUID


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    field: str = Field(
        pattern=r"^[A-Za-z0-9_.\-]{1,120}$", description="e.g. apl01.personal.address"
    )
    reason: str = Field(min_length=1, max_length=1000)


class ReturnBody(Body):
    reasons: list[Reason] = Field(min_length=1, max_length=100)


class RejectBody(Body):
    reason: str = Field(min_length=1, max_length=2000)


@router.get("/verification/queue")
async def queue(
    principal: Verifier,
    service: Service,
    district_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    entries = await service.queue().waiting(limit, district_code, principal.lsp_id)
    return [
        {
            "application_id": str(e.application_id),
            "candidate_id": str(e.candidate_id),
            "scheme_code": e.scheme_code,
            "scheme_version": e.scheme_version,
            "district_code": e.district_code,
            "submissions": e.submissions,
            "waiting_since": e.waiting_since.isoformat() if e.waiting_since else None,
        }
        for e in entries
    ]


@router.post("/applications/{application_id}/acceptance")
async def accept_application(
    application_id: UUID, body: Body, principal: Verifier, service: Service
) -> dict[str, str]:
    done = await accept(
        ctx(service), application_id, body.client_id, principal.account_id, principal.lsp_id
    )
    return {"application_id": str(application_id), "status": done.status}


@router.post("/applications/{application_id}/return")
async def return_application(
    application_id: UUID, body: ReturnBody, principal: Verifier, service: Service
) -> dict[str, str]:
    reasons = [FieldReason(r.field, r.reason) for r in body.reasons]
    done = await return_for_fixes(
        ctx(service), application_id, body.client_id, principal.account_id, reasons,
        principal.lsp_id,
    )  # fmt: skip
    return {"application_id": str(application_id), "status": done.status}


@router.post("/applications/{application_id}/rejection")
async def reject_application(
    application_id: UUID, body: RejectBody, principal: Verifier, service: Service
) -> dict[str, str]:
    done = await reject(
        ctx(service), application_id, body.client_id, principal.account_id, body.reason,
        principal.lsp_id,
    )  # fmt: skip
    return {"application_id": str(application_id), "status": done.status}
