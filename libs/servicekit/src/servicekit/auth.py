"""Who is calling, and may they: principals from the session tokens registration issues
(eventkit.tokens, verified with the installation's shared secret) and role checks, as FastAPI
dependencies over the one role vocabulary (kompeten_contracts.roles).

Ownership checks (a candidate reads only their own data) use the token's candidate id, never an
id taken from the request alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from eventkit import tokens
from kompeten_contracts.errors import Kind, Refusal, forbidden, refuse
from kompeten_contracts.roles import Role
from servicekit.root import ended_sessions

bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class Principal:
    account_id: UUID
    role: Role
    candidate_id: UUID | None = None
    districts: tuple[str, ...] = ()  # a district operator's: where they may act
    lsp_id: UUID | None = None  # the certification body an LSP's staff work for

    def works_in(self, district_code: str) -> bool:
        """Staff other than district operators are not bound to districts."""
        return self.role is not Role.DISTRICT_OPERATOR or district_code in self.districts


def issue_token(principal: Principal, ttl: timedelta = tokens.DEFAULT_TTL) -> str:
    claims = tokens.Claims(
        principal.account_id,
        principal.role.value,
        principal.candidate_id,
        principal.districts,
        principal.lsp_id,
    )
    return tokens.issue(claims, ttl)


def unauthorized(reason_id: str, reason_en: str) -> Refusal:
    return refuse("Authorization", reason_id, reason_en, Kind.UNAUTHORIZED)


async def current_principal(  # async: a plain def would run on the thread pool per request
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise unauthorized("perlu masuk terlebih dahulu", "sign-in required")
    try:
        claims = tokens.verify(credentials.credentials)
        principal = Principal(
            claims.account_id, Role(claims.role), claims.candidate_id, claims.districts,
            claims.lsp_id,
        )  # fmt: skip
    except (tokens.InvalidToken, ValueError) as exc:  # ValueError: a role we do not know
        raise unauthorized(
            "token tidak valid atau kedaluwarsa", "invalid or expired token"
        ) from exc
    sessions = ended_sessions(request.app)
    if sessions is not None and sessions.ended(principal.account_id, principal.candidate_id):
        raise unauthorized("sesi ini telah berakhir", "this session has ended")
    return principal


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    allowed = frozenset(roles)

    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise forbidden(
                "Authorization",
                "peran Anda tidak berwenang untuk tindakan ini",
                f"role {principal.role.value} may not do this",
            )
        return principal

    return check


def require_district(principal: Principal, district_code: str, field: str) -> None:
    """A district operator acts only in the districts their account carries."""
    if not principal.works_in(district_code):
        raise forbidden(
            field,
            "kabupaten ini bukan wilayah kerja Anda",
            "this district is not one of yours",
        )


def bearer_headers(
    role: Role,
    candidate_id: UUID | None = None,
    account_id: UUID | None = None,
    districts: tuple[str, ...] = (),
    lsp_id: UUID | None = None,
) -> dict[str, str]:
    """An Authorization header for a principal of this role (tests, demo scripts): the same
    signed token sign-in would issue. Needs the token secret, like every token."""
    principal = Principal(account_id or uuid4(), role, candidate_id, districts, lsp_id)
    return {"Authorization": f"Bearer {issue_token(principal)}"}
