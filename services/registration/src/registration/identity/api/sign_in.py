"""Sign-up and sign-in by a code mailed to the e-mail address; verifying it returns a token.

Asking for a code answers 202 whether or not the address has an account, so nobody can
probe who is registered. All three endpoints are rate-limited per address and per client.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.bootstrap import RegistrationService
from registration.identity.application.request_code import CodeRequest
from registration.identity.application.verify_code import VerifyRequest
from registration.identity.domain.email_address import EmailAddress
from servicekit.auth import Principal, issue_token

router = APIRouter(prefix="/auth", tags=["sign-in"])
LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many requests; Retry-After says when to try again"}
}


class EmailBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailAddress


class VerifyBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailAddress
    code: str = Field(pattern=r"^\d{6}$", description="The six digits from the e-mail")


class CodeSent(BaseModel):
    status: str = "sent"
    message: str = "Jika alamat ini dapat menerima kode, kode verifikasi telah dikirim."
    message_en: str = "If this address can receive a code, a verification code was sent."


class Session(BaseModel):
    token: str
    account_id: UUID
    role: Role
    candidate_id: UUID | None


def client_ip(request: Request) -> str:
    # The direct peer. Behind a reverse proxy, configure uvicorn's --forwarded-allow-ips so
    # this is the phone's address and not the proxy's.
    return request.client.host if request.client else "unknown"


async def _request_code(
    service: RegistrationService, request: Request, email: str, purpose: Any
) -> CodeSent:
    identity = service.identities()
    await identity.request_code(CodeRequest(email, client_ip(request), purpose))
    return CodeSent()


@router.post("/sign-up", status_code=202, response_model=CodeSent, responses=LIMITED)
async def sign_up(body: EmailBody, request: Request, service: Service) -> CodeSent:
    """A new candidate account for this address (or a sign-in code, if it has one)."""
    return await _request_code(service, request, body.email, "sign_up")


@router.post("/sign-in", status_code=202, response_model=CodeSent, responses=LIMITED)
async def sign_in(body: EmailBody, request: Request, service: Service) -> CodeSent:
    """A sign-in code for a candidate or staff account with this address."""
    return await _request_code(service, request, body.email, "sign_in")


@router.post("/verify", response_model=Session, responses=LIMITED)
async def verify(body: VerifyBody, request: Request, service: Service) -> Session:
    identity = service.identities()
    signed = await identity.verify_code(VerifyRequest(body.email, body.code, client_ip(request)))
    token = issue_token(
        Principal(
            signed.account_id, signed.role, signed.candidate_id, signed.districts, signed.lsp_id
        )
    )
    return Session(
        token=token,
        account_id=signed.account_id,
        role=signed.role,
        candidate_id=signed.candidate_id,
    )
