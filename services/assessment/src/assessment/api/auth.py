"""Who is calling: the session token registration issued at sign-in (eventkit.tokens), checked
here with the shared secret, and the role it names, checked against each endpoint's roles.
Assessment keeps no accounts of its own; it trusts the signature, not the request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assessment.api.errors import refused
from eventkit import tokens
from kompeten_contracts.roles import Role

bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class Principal:
    account_id: UUID
    role: Role


def unauthorized(reason_id: str, reason_en: str) -> HTTPException:
    return refused(401, "Authorization", reason_id, reason_en, {"WWW-Authenticate": "Bearer"})


def current_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise unauthorized("perlu masuk terlebih dahulu", "sign-in required")
    try:
        claims = tokens.verify(credentials.credentials)
        return Principal(claims.account_id, Role(claims.role))
    except (tokens.InvalidToken, ValueError) as exc:  # ValueError: a role we do not know
        raise unauthorized(
            "token tidak valid atau kedaluwarsa", "invalid or expired token"
        ) from exc


def require_roles(roles: frozenset[Role]) -> Callable[[Principal], Principal]:
    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in roles:
            raise refused(
                403,
                "Authorization",
                "peran Anda tidak berwenang untuk tindakan ini",
                f"role {principal.role.value} may not do this",
            )
        return principal

    return check
