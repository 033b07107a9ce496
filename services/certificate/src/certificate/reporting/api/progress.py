"""Certification progress over HTTP for the LSP's admins and decision makers, their own LSP's
only: per district, and per scheme of one district. Recommendations received, decided (K, BK),
issued, printed and collected (the LSP recorded the holder took their paper)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from certificate.api.access import Follower
from certificate.api.root import Service

router = APIRouter(tags=["reporting"])
DistrictCode = Annotated[str, Path(pattern=r"^[0-9]{2,10}$", description="BPS district code")]


class Counts(BaseModel):
    district_code: str
    received: int = Field(description="recommendations received")
    decided: int
    competent: int = Field(description="decided K")
    not_yet_competent: int = Field(description="decided BK")
    issued: int = Field(description="recommendations with a certificate issued")
    printed: int = Field(description="... and printed in a print batch")
    collected: int = Field(description="... and collected by the holder, as the LSP recorded")


class SchemeCounts(Counts):
    scheme_code: str


@router.get("/progress/districts", response_model=list[Counts])
async def progress_districts(service: Service, staff: Follower) -> Any:
    return await service.features().reporting.progress.districts(staff.lsp_id)


@router.get("/progress/districts/{code}/schemes", response_model=list[SchemeCounts])
async def progress_schemes(code: DistrictCode, service: Service, staff: Follower) -> Any:
    return await service.features().reporting.progress.schemes(staff.lsp_id, code)
