"""The holder's agreement over HTTP, for the candidate signed in on their phone: their own
certificates, the text they are asked to agree to (Bahasa Indonesia, English beside it), and
their signature. Another person's certificate answers 404, as one that does not exist."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from certificate.agreements.domain import agreement as a
from certificate.api.access import Holder
from certificate.api.root import Service
from certificate.issuance.application.issue import WIB
from certificate.issuance.domain.certificate import Status
from certificate.verification.application.verify import shown_status

router = APIRouter(tags=["agreements"])


class OwnCertificateOut(BaseModel):
    certificate_id: UUID
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
    agree: bool = Field(description="true: I have read it and agree to comply")


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
