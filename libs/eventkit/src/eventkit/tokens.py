"""Session tokens: issued by registration when someone signs in, verified by every service.

HS256 JWTs signed with KOMPETEN_TOKEN_SECRET, which every service of an installation shares:
`sub` the account id, `role` a role name, `cid` the candidate id of a candidate account (absent
for staff), `exp` the expiry. The role stays a plain string here because eventkit knows no
service; each service maps it to its own enum and refuses names it does not know.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from uuid import UUID

import jwt

log = logging.getLogger(__name__)
DEVELOPMENT_SECRET = "kompeten-development-token-secret-never-in-production"  # noqa: S105
MIN_SECRET_LENGTH = 32
ALGORITHM = "HS256"
DEFAULT_TTL = timedelta(hours=12)
REQUIRED_CLAIMS = ["sub", "role", "exp"]


class InvalidToken(Exception):
    """Not signed with our secret, expired, or missing a claim: the bearer is not signed in."""


@dataclass(frozen=True)
class Claims:
    account_id: UUID
    role: str
    candidate_id: UUID | None = None


@cache
def token_secret() -> str:
    # Cached: read once per process, so the development warning is logged once.
    secret = os.environ.get("KOMPETEN_TOKEN_SECRET")
    if secret is None:
        log.warning("KOMPETEN_TOKEN_SECRET unset: using the DEVELOPMENT value; never in production")
        return DEVELOPMENT_SECRET
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"KOMPETEN_TOKEN_SECRET must be at least {MIN_SECRET_LENGTH} characters")
    return secret


def issue(claims: Claims, ttl: timedelta = DEFAULT_TTL) -> str:
    payload: dict[str, object] = {
        "sub": str(claims.account_id),
        "role": claims.role,
        "exp": datetime.now(UTC) + ttl,
    }
    if claims.candidate_id is not None:
        payload["cid"] = str(claims.candidate_id)
    return jwt.encode(payload, token_secret(), algorithm=ALGORITHM)


def verify(token: str) -> Claims:
    """The claims of a token we signed and that has not expired; InvalidToken otherwise.
    Only HS256 is accepted, so an unsigned (`alg: none`) token never passes."""
    try:
        payload = jwt.decode(
            token, token_secret(), algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS}
        )
        role = payload["role"]
        if not isinstance(role, str):
            raise InvalidToken("role is not a name")
        cid = payload.get("cid")
        return Claims(UUID(payload["sub"]), role, UUID(cid) if cid is not None else None)
    except (jwt.PyJWTError, ValueError, TypeError, AttributeError, KeyError) as exc:
        raise InvalidToken(str(exc)) from exc
