"""Authentication and role checks for every endpoint that needs them.

Tokens are HS256 JWTs signed with KOMPETEN_TOKEN_SECRET: `sub` is the account id, `role` one of
domain.roles.Role, `cid` the candidate id of a candidate account (absent for staff), `exp` the
expiry. Ownership checks (a candidate reads only their own data) use `cid`, never an id taken
from the request alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Annotated
from uuid import UUID, uuid4

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from registration.domain.roles import Role

log = logging.getLogger(__name__)
DEVELOPMENT_SECRET = "kompeten-development-token-secret-never-in-production"  # noqa: S105
bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class Principal:
    account_id: UUID
    role: Role
    candidate_id: UUID | None = None


@cache
def token_secret() -> str:
    secret = os.environ.get("KOMPETEN_TOKEN_SECRET")
    if secret is None:
        log.warning("KOMPETEN_TOKEN_SECRET unset: using the DEVELOPMENT value; never in production")
        return DEVELOPMENT_SECRET
    if len(secret) < 32:
        raise ValueError("KOMPETEN_TOKEN_SECRET must be at least 32 characters")
    return secret


def issue_token(principal: Principal, ttl: timedelta = timedelta(hours=12)) -> str:
    claims: dict[str, object] = {
        "sub": str(principal.account_id),
        "role": principal.role.value,
        "exp": datetime.now(UTC) + ttl,
    }
    if principal.candidate_id is not None:
        claims["cid"] = str(principal.candidate_id)
    return jwt.encode(claims, token_secret(), algorithm="HS256")


def unauthorized(reason_id: str, reason_en: str) -> HTTPException:
    return HTTPException(
        401,
        {"errors": [{"field": "Authorization", "reason": reason_id, "reason_en": reason_en}]},
        headers={"WWW-Authenticate": "Bearer"},
    )


def current_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise unauthorized("perlu masuk terlebih dahulu", "sign-in required")
    try:
        claims = jwt.decode(
            credentials.credentials,
            token_secret(),
            algorithms=["HS256"],
            options={"require": ["sub", "role", "exp"]},
        )
        return Principal(
            UUID(claims["sub"]),
            Role(claims["role"]),
            UUID(claims["cid"]) if "cid" in claims else None,
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise unauthorized(
            "token tidak valid atau kedaluwarsa", "invalid or expired token"
        ) from exc


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    allowed = frozenset(roles)

    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise HTTPException(
                403,
                {
                    "errors": [
                        {
                            "field": "Authorization",
                            "reason": "peran Anda tidak berwenang untuk tindakan ini",
                            "reason_en": f"role {principal.role.value} may not do this",
                        }
                    ]
                },
            )
        return principal

    return check


def bearer_headers(
    role: Role, candidate_id: UUID | None = None, account_id: UUID | None = None
) -> dict[str, str]:
    """An Authorization header for a principal of this role (tests, demo scripts): the same
    signed token sign-in would issue. Needs the token secret, like every token."""
    principal = Principal(account_id or uuid4(), role, candidate_id)
    return {"Authorization": f"Bearer {issue_token(principal)}"}
