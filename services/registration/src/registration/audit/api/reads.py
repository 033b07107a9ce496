"""Who read a candidate's personal data, and when: the candidate sees their own record, the
admins of an LSP they applied to see theirs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from kompeten_contracts.errors import not_found
from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.audit.application.reads import reads_of
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["personal data reads"])
Candidate = Annotated[Principal, Depends(require_roles(Role.CANDIDATE))]
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]


class ReadOut(BaseModel):
    reader_id: UUID
    reader_role: Role
    what: str
    read_at: datetime


async def _reads(service: Service, candidate_id: UUID) -> list[ReadOut]:
    found = await reads_of(service.access_log(), candidate_id)
    return [ReadOut(reader_id=r.reader_id, reader_role=r.reader_role, what=r.what,
                    read_at=r.read_at) for r in found]  # fmt: skip


@router.get("/candidates/me/personal-data-reads", response_model=list[ReadOut])
async def my_reads(service: Service, me: Candidate) -> list[ReadOut]:
    """Every read of your personal data by staff: who (account and role), what, when."""
    if me.candidate_id is None:
        raise not_found("candidate_id", "peserta tidak ditemukan", "candidate not found")
    return await _reads(service, me.candidate_id)


@router.get("/candidates/{candidate_id}/personal-data-reads", response_model=list[ReadOut])
async def candidate_reads(candidate_id: UUID, service: Service, admin: Admin) -> list[ReadOut]:
    """For the admins of an LSP the candidate applied to."""
    if not await service.queue().applied_to(candidate_id, admin.lsp_id):
        raise not_found("candidate_id", "peserta tidak ditemukan", "candidate not found")
    return await _reads(service, candidate_id)
