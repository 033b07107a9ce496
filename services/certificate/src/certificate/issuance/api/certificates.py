"""Issued certificates over HTTP, for the LSP's staff: by session, one by id, and its QR code
as a PNG for printing (error correction Q). Another LSP's certificate answers 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from certificate.api.access import Admin, Follower
from certificate.api.root import Service
from certificate.issuance.adapters.qr_image import qr_png
from certificate.shared.domain.outcomes import UnitOutcome
from kompeten_contracts.errors import Refusal, not_found

router = APIRouter(tags=["certificates"])


class CertificateOut(BaseModel):
    certificate_id: UUID
    token: str
    number: str
    attempt_id: UUID
    candidate_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    session_id: UUID
    district_code: str
    units: list[UnitOutcome]
    issued_on: date
    valid_until: date
    kid: str
    qr_payload: str
    issued_at: datetime


def no_such_certificate() -> Refusal:
    return not_found("certificate_id", "sertifikat tidak ditemukan", "no such certificate")


@router.get("/certificates", response_model=list[CertificateOut])
async def list_certificates(
    service: Service,
    staff: Follower,
    session_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> Any:
    return await service.features().register.of_lsp(staff.lsp_id, session_id, limit)


@router.get("/certificates/{certificate_id}", response_model=CertificateOut)
async def get_certificate(certificate_id: UUID, service: Service, staff: Follower) -> Any:
    found = await service.features().register.one(staff.lsp_id, certificate_id)
    if found is None:
        raise no_such_certificate()
    return found


@router.get(
    "/certificates/{certificate_id}/qr.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "the QR code to print"}},
)
async def certificate_qr(
    certificate_id: UUID,
    service: Service,
    admin: Admin,
    scale: Annotated[int, Query(ge=1, le=20, description="pixels per module")] = 6,
) -> Response:
    found = await service.features().register.one(admin.lsp_id, certificate_id)
    if found is None:
        raise no_such_certificate()
    return Response(qr_png(found["qr_payload"], scale), media_type="image/png")
