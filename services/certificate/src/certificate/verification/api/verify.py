"""Public verification over HTTP, for anyone holding a certificate's QR code or link: the JSON
answer, the page a person reads, and the published key set an offline verifier saves. An
unknown token and a malformed one are answered alike (404), and every asking is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from certificate.api.root import Service
from certificate.issuance.domain.certificate import Status
from certificate.verification.api.page import not_found_page, number_form_page, page
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


def by_number_not_found() -> Refusal:
    return not_found("number", "tidak ada sertifikat dengan nomor dan kode cek ini",
                     "no certificate with this number and check code")  # fmt: skip


NumberQuery = Query(min_length=1, max_length=64, description="the certificate's number")
CodeQuery = Query(min_length=1, max_length=16, description="the check code printed beside it")


# By number: declared before the token's paths, so /verify/page is never read as a token.
@router.get("/verify", response_model=VerifiedOut)
async def verify_by_number(service: Service, number: str = NumberQuery,
                           code: str = CodeQuery) -> Any:  # fmt: skip
    """The certificate with this number and check code; a wrong code and an unknown number
    are answered alike (404), and a number tried too often without success is refused (429)."""
    found = await service.features().verify.by_number(number, code, "json")
    if found is None:
        raise by_number_not_found()
    return VerifiedOut(**{**found.__dict__, "unit_codes": list(found.unit_codes)})


NO_PAIR_ID = "Nomor dan kode cek tidak cocok dengan sertifikat mana pun."
NO_PAIR_EN = "The number and check code match no certificate."
PAGE_ANSWERS: dict[int | str, dict[str, Any]] = {
    404: {"content": {"text/html": {}}, "description": "the form again: no such pair"},
    429: {"content": {"text/html": {}}, "description": "the form again: tried too often"},
    422: {
        "content": {"application/json": {}},
        "description": "refused by the kit's guard before the page (e.g. a NUL character)",
    },
}


@router.get("/verify/page", response_class=HTMLResponse, responses=PAGE_ANSWERS)
async def verify_by_number_page(
    service: Service, number: str | None = None, code: str | None = None
) -> HTMLResponse:
    """The form asking for the number and check code, and the answer to it. Always a page,
    never a JSON error: an over-long number or code is answered as no such pair."""
    if not number or not code:
        return HTMLResponse(number_form_page((number or "")[:64]))
    number = number[:65]  # one past the longest: still refused as no such number
    try:
        found = await service.features().verify.by_number(number, code, "page")
    except Refusal as refused:
        return HTMLResponse(number_form_page(number[:64], refused.reason_id, refused.reason_en),
                            status_code=refused.status)  # fmt: skip
    if found is None:
        return HTMLResponse(
            number_form_page(number[:64], NO_PAIR_ID, NO_PAIR_EN),
            status_code=404,
        )  # fmt: skip
    return HTMLResponse(page(found))


@router.get("/verify/{token}", response_model=VerifiedOut)
async def verify(token: str, service: Service) -> Any:
    found = await service.features().verify(token, "json")
    if found is None:
        raise no_such_certificate()
    return VerifiedOut(**{**found.__dict__, "unit_codes": list(found.unit_codes)})


@router.get(
    "/verify/{token}/page",
    response_class=HTMLResponse,
    responses={404: {"content": {"text/html": {}}, "description": "no such certificate"}},
)
async def verify_page(token: str, service: Service) -> HTMLResponse:
    found = await service.features().verify(token, "page")
    if found is None:
        return HTMLResponse(not_found_page(), status_code=404)
    return HTMLResponse(page(found))


@router.get("/keys", response_model=KeySetOut)
async def key_set(service: Service) -> Any:
    return service.key_ring().key_set()
