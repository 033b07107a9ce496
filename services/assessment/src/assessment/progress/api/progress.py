"""The operators' progress over HTTP: a session's counts, every district one may see, and the
schemes of one district. LSP staff see their LSP's; a district operator every LSP's in their
own districts (another district's schemes: 403 naming `code`, as registration's progress)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from assessment.api.access import PROGRESS_READERS
from assessment.api.root import Service
from assessment.progress.application.progress import Counts, Viewer
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_district, require_roles

router = APIRouter(tags=["progress"])
Reader = Annotated[Principal, Depends(require_roles(*PROGRESS_READERS))]
DistrictCode = Annotated[str, Path(pattern=r"^\d{4}$", description="Kemendagri district code")]


class CountsOut(BaseModel):
    scheduled: int
    sat: int
    finalised: int
    recommended_k: int
    recommended_bk: int
    appealed: int


class SessionProgressOut(CountsOut):
    session_id: UUID
    scheme_code: str
    district_code: str
    cancelled: bool


class DistrictProgressOut(CountsOut):
    district_code: str


class SchemeProgressOut(CountsOut):
    scheme_code: str


def viewer(who: Principal) -> Viewer:
    if who.role is Role.DISTRICT_OPERATOR:
        return Viewer(None, tuple(who.districts))
    return Viewer(who.lsp_id)


def numbers(counts: Counts) -> dict[str, int]:
    return asdict(counts)


@router.get("/progress/sessions/{session_id}", response_model=SessionProgressOut)
async def session_progress(session_id: UUID, service: Service, who: Reader) -> SessionProgressOut:
    found = await service.progress().session(session_id, viewer(who))
    return SessionProgressOut(
        session_id=found.session_id, scheme_code=found.scheme_code,
        district_code=found.district_code, cancelled=found.cancelled, **numbers(found.counts),
    )  # fmt: skip


@router.get("/progress/districts", response_model=list[DistrictProgressOut])
async def districts_progress(service: Service, who: Reader) -> list[DistrictProgressOut]:
    """Each district (of its sessions' test sites) with attempts the reader may see."""
    rows = await service.progress().districts(viewer(who))
    return [DistrictProgressOut(district_code=code, **numbers(c)) for code, c in rows]


@router.get("/progress/districts/{code}/schemes", response_model=list[SchemeProgressOut])
async def scheme_progress(
    code: DistrictCode, service: Service, who: Reader
) -> list[SchemeProgressOut]:
    if who.role is Role.DISTRICT_OPERATOR:
        require_district(who, code, "code")
    rows = await service.progress().schemes(code, viewer(who))
    return [SchemeProgressOut(scheme_code=scheme, **numbers(c)) for scheme, c in rows]
