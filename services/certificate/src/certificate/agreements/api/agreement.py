"""The holder's agreement over HTTP, for the candidate signed in on their phone: their own
certificates, the text they are asked to agree to (Bahasa Indonesia, English beside it), and
their signature; once released, their copy (the PDF) and its QR code. Another person's
certificate answers 404, as one that does not exist."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from certificate.agreements.domain import agreement as a
from certificate.api.access import Holder
from certificate.api.root import Service
from certificate.issuance.api.qr_answer import RESPONSES, qr_answer
from certificate.issuance.application.issue import WIB
from certificate.issuance.domain.certificate import Status
from certificate.verification.application.verify import shown_status
from kompeten_contracts.errors import conflict

router = APIRouter(tags=["agreements"])


class OwnCertificateOut(BaseModel):
    certificate_id: UUID
    token: str = Field(description="the public verification token (GET /verify/{token}/page)")
    number: str
    check_code: str = Field(description="printed beside the number: verification by number")
    scheme_code: str
    scheme_version: int
    issued_on: date
    valid_until: date
    status: Status
    released_at: datetime | None


class AgreementOut(BaseModel):
    certificate_id: UUID
    agreement_version: str
    terms_id: list[str]
    terms_en: list[str]
    signed_at: datetime | None


class SignBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agreement_version: Annotated[str, Field(max_length=20)] = Field(
        description="the version of the text shown (GET .../agreement)"
    )
    agree: StrictBool = Field(description="true: I have read it and agree to comply")


async def _own(service: Service, holder: Holder, certificate_id: UUID) -> dict[str, Any]:
    found = await service.features().register.of_candidate(holder.candidate_id, certificate_id)
    if found is None:
        raise a.no_such_certificate()
    return found


def _own_out(row: dict[str, Any], service: Service) -> OwnCertificateOut:
    today = service.now().astimezone(WIB).date()
    return OwnCertificateOut(**{**row, "status": shown_status(row, today)})


@router.get("/me/certificates", response_model=list[OwnCertificateOut])
async def my_certificates(service: Service, holder: Holder) -> Any:
    rows = await service.features().register.of_candidate_all(holder.candidate_id)
    return [_own_out(row, service) for row in rows]


@router.get("/certificates/{certificate_id}/agreement", response_model=AgreementOut)
async def agreement_text(certificate_id: UUID, service: Service, holder: Holder) -> Any:
    found = await _own(service, holder, certificate_id)
    return AgreementOut(certificate_id=certificate_id, agreement_version=a.VERSION,
                        terms_id=list(a.TERMS_ID), terms_en=list(a.TERMS_EN),
                        signed_at=found["released_at"])  # fmt: skip


@router.post("/certificates/{certificate_id}/agreement", response_model=AgreementOut)
async def sign_agreement(
    certificate_id: UUID, body: SignBody, service: Service, holder: Holder
) -> Any:
    signed_at = await service.features().sign_agreement(
        certificate_id, holder.candidate_id, holder.account_id, body.agreement_version, body.agree
    )
    return AgreementOut(certificate_id=certificate_id, agreement_version=a.VERSION,
                        terms_id=list(a.TERMS_ID), terms_en=list(a.TERMS_EN),
                        signed_at=signed_at)  # fmt: skip


async def _released(service: Service, holder: Holder, certificate_id: UUID) -> dict[str, Any]:
    found = await _own(service, holder, certificate_id)
    if found["released_at"] is None:
        raise conflict("status", "sertifikat belum dirilis: tanda tangani persetujuan dulu",
                       "not released yet: sign the agreement first")  # fmt: skip
    return found


@router.get(
    "/me/certificates/{certificate_id}/qr.png",
    response_class=Response,
    responses=RESPONSES,
)
async def my_qr(
    certificate_id: UUID,
    request: Request,
    service: Service,
    holder: Holder,
    scale: Annotated[int, Query(ge=1, le=20, description="pixels per module")] = 6,
) -> Response:
    found = await _released(service, holder, certificate_id)
    image = await service.features().qr_images.image(found["qr_payload"], scale)
    return qr_answer(request, image)


@router.get(
    "/me/certificates/{certificate_id}/certificate.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the holder's copy"}},
)
async def my_pdf(certificate_id: UUID, service: Service, holder: Holder) -> Response:
    found = await _released(service, holder, certificate_id)
    pdf = await service.features().printing.page(found["lsp_id"], certificate_id,
                                                 holder.account_id)  # fmt: skip
    if pdf is None:
        raise a.no_such_certificate()
    disposition = 'attachment; filename="sertifikat-kompeten.pdf"'
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": disposition})  # fmt: skip
