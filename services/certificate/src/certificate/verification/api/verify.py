"""Public verification over HTTP, for anyone holding a certificate's QR code or link: the JSON
answer, the page a person reads, and the published key set an offline verifier saves. An
unknown token and a malformed one are answered alike (404), and every asking is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from certificate.api.root import Service
from certificate.issuance.domain.certificate import Status
from certificate.verification.api.page import not_found_page, page
from kompeten_contracts.errors import Refusal, not_found

router = APIRouter(tags=["verification"])


class VerifiedOut(BaseModel):
    number: str
    scheme_code: str
    scheme_version: int
    unit_codes: list[str]
    status: Status
    issued_on: date
    valid_until: date
    holder_name: str | None = Field(
        description="the holder's name as on their ID; null when not received or erased"
    )
    holder_erased: bool = Field(
        description="the holder's personal data was erased at their request"
    )
    replaced_by_number: str | None = Field(description="when replaced: the corrected certificate")
    qr_payload: str = Field(description="the signed payload, for an offline check")


class JwkOut(BaseModel):
    kty: str
    crv: str
    kid: str
    use: str
    alg: str
    x: str


class KeySetOut(BaseModel):
    keys: list[JwkOut]


def no_such_certificate() -> Refusal:
    return not_found("token", "sertifikat tidak ditemukan", "no such certificate")


@router.get("/verify/{token}", response_model=VerifiedOut)
async def verify(token: str, service: Service) -> Any:
    found = await service.features().verify(token, "json")
    if found is None:
        raise no_such_certificate()
    return VerifiedOut(**{**found.__dict__, "unit_codes": list(found.unit_codes)})


@router.get("/verify/{token}/page", response_class=HTMLResponse)
async def verify_page(token: str, service: Service) -> HTMLResponse:
    found = await service.features().verify(token, "page")
    if found is None:
        return HTMLResponse(not_found_page(), status_code=404)
    return HTMLResponse(page(found))


@router.get("/keys", response_model=KeySetOut)
async def key_set(service: Service) -> Any:
    return service.key_ring().key_set()
