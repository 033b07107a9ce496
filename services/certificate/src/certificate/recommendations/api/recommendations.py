"""Recommendations an LSP received, over HTTP: what awaits a decision (by session), and one
recommendation with its judgements so far, its decision and its certificate's number. Another
LSP's recommendation answers 404, as one never received."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from certificate.api.access import Follower
from certificate.api.root import Service
from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from kompeten_contracts.errors import not_found

router = APIRouter(tags=["recommendations"])


class RecommendationOut(BaseModel):
    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    session_id: UUID
    district_code: str
    units: list[UnitOutcome]
    overall: Outcome
    assessor_ids: list[UUID]
    recommended_at: datetime
    received_at: datetime
    judged: int
    decision: Outcome | None
    decided_at: datetime | None
    certificate_id: UUID | None
    certificate_number: str | None


@router.get("/recommendations", response_model=list[RecommendationOut])
async def list_recommendations(
    service: Service,
    staff: Follower,
    session_id: UUID | None = None,
    awaiting: Annotated[bool, Query(description="only those not decided yet")] = True,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> Any:
    listing = service.features().listing
    return await listing.of_lsp(staff.lsp_id, session_id, awaiting, limit)


@router.get("/recommendations/{attempt_id}", response_model=RecommendationOut)
async def get_recommendation(attempt_id: UUID, service: Service, staff: Follower) -> Any:
    found = await service.features().listing.one(staff.lsp_id, attempt_id)
    if found is None:
        raise not_found("attempt_id", "rekomendasi tidak ditemukan", "no such recommendation")
    return found
