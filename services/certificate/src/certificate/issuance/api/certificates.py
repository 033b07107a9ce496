"""Issued certificates over HTTP, for the LSP's staff: by session, one by id (with the holder's
name, the reading recorded), and its QR code as a PNG for printing (error correction Q) once
the holder has signed the agreement (drawn once, then kept: qr_answer). Another LSP's
certificate answers 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from certificate.api.access import Admin, Follower
from certificate.api.root import Service
from certificate.holders.application.holder_details import Purpose, Readable
from certificate.issuance.api.qr_answer import RESPONSES, qr_answer
from certificate.issuance.domain.certificate import Status
from certificate.shared.domain.outcomes import UnitOutcome
from kompeten_contracts.errors import Refusal, conflict, not_found

router = APIRouter(tags=["certificates"])


class CertificateOut(BaseModel):
    certificate_id: UUID
    token: str
    number: str
    check_code: str = Field(description="printed beside the number: verification by number")
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
    replaces: UUID | None
    status: Status = Field(description="as recorded; verification shows expired past validity")
    released_at: datetime | None = Field(description="when the holder signed the agreement")
    replaced_by: UUID | None
    replaced_by_number: str | None
    copy_no: int
    blanko_number: str | None = Field(
        default=None, description="the national authority's registration (blanko) number"
    )


class CertificateDetailOut(CertificateOut):
    holder_name: str | None = Field(
        description="opened for this answer and the reading recorded; null: not received or erased"
    )
    holder_erased: bool


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


@router.get("/certificates/{certificate_id}", response_model=CertificateDetailOut)
async def get_certificate(certificate_id: UUID, service: Service, staff: Follower) -> Any:
    features = service.features()
    found = await features.register.one(staff.lsp_id, certificate_id)
    if found is None:
        raise no_such_certificate()
    candidate = found["candidate_id"]
    holders = await features.holder_details.of([candidate], Purpose.STAFF_VIEW, staff.account_id)
    holder = holders.get(candidate)
    return {**found, "holder_name": holder.full_name if holder else None,
            "holder_erased": holder is not None and holder.readable is Readable.ERASED}  # fmt: skip


@router.get(
    "/certificates/{certificate_id}/qr.png",
    response_class=Response,
    responses=RESPONSES,
)
async def certificate_qr(
    certificate_id: UUID,
    request: Request,
    service: Service,
    admin: Admin,
    scale: Annotated[int, Query(ge=1, le=20, description="pixels per module")] = 6,
) -> Response:
    found = await service.features().register.one(admin.lsp_id, certificate_id)
    if found is None:
        raise no_such_certificate()
    if found["released_at"] is None:
        raise conflict("status", "sertifikat belum dirilis: pemegang belum menandatangani "
                       "persetujuan", "not released yet: the holder has not signed the "
                       "agreement")  # fmt: skip
    image = await service.features().qr_images.image(found["qr_payload"], scale)
    return qr_answer(request, image)
