"""GET /assessors/me/sessions: the sessions an assessor is named in, for their tablet's list
(the ones that ended more than `days_past` days ago are left out). Their own LSP's only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from assessment.api.root import Service
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["sessions"])
Assessor = Annotated[Principal, Depends(require_roles(Role.ASSESSOR))]


class AssessorSessionOut(BaseModel):
    session_id: UUID
    scheme_code: str
    scheme_version: int
    site_id: UUID
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    capacity: int
    assigned: int = Field(description="candidates assigned to the session")
    mine: int = Field(description="of them, assigned to the caller")
    started_at: datetime | None
    deadline: datetime | None
    cancelled: bool


class AssessorSessionsOut(BaseModel):
    server_now: datetime
    sessions: list[AssessorSessionOut]


@router.get("/assessors/me/sessions", response_model=AssessorSessionsOut)
async def my_sessions(
    service: Service,
    assessor: Assessor,
    days_past: Annotated[int, Query(ge=0, le=366)] = 14,
) -> AssessorSessionsOut:
    now = service.now()
    found = await service.planning().of_assessor(
        assessor.account_id, assessor.lsp_id, now - timedelta(days=days_past)
    )
    return AssessorSessionsOut(
        server_now=now, sessions=[AssessorSessionOut(**s.__dict__) for s in found]
    )
