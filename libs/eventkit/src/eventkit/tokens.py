"""Session tokens: issued by registration when someone signs in, verified by every service.

HS256 JWTs signed with one of the installation's token keys (eventkit.secrets.token_keys, shared
by every service that checks them), named in the header's `kid` so keys rotate without logging
anyone out: `sub` the account id, `role` a role name, `cid` the candidate id of a candidate
account (absent for staff), `exp` the expiry. The role stays a plain string here because
eventkit knows no service; each service maps it to the role vocabulary and refuses names it does
not know.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from uuid import UUID

import jwt

from eventkit import secrets

ALGORITHM = "HS256"
DEFAULT_TTL = timedelta(hours=12)
REQUIRED_CLAIMS = ["sub", "role", "exp"]


class InvalidToken(Exception):
    """Not signed with one of our keys, expired, or missing a claim: the bearer is not signed in."""


@dataclass(frozen=True)
class Claims:
    account_id: UUID
    role: str
    candidate_id: UUID | None = None
    # A district operator's districts (claim `dst`): what they may read and register in.
    districts: tuple[str, ...] = ()
    # The certification body (LSP) an LSP's staff work for (claim `lsp`).
    lsp_id: UUID | None = None


@cache
def keys() -> tuple[str, dict[str, bytes]]:
    """Read once per process (the development warning is logged once)."""
    return secrets.token_keys()


def issue(claims: Claims, ttl: timedelta = DEFAULT_TTL) -> str:
    payload: dict[str, object] = {
        "sub": str(claims.account_id),
        "role": claims.role,
        "exp": datetime.now(UTC) + ttl,
    }
    if claims.candidate_id is not None:
        payload["cid"] = str(claims.candidate_id)
    if claims.districts:
        payload["dst"] = list(claims.districts)
    if claims.lsp_id is not None:
        payload["lsp"] = str(claims.lsp_id)
    kid, by_id = keys()
    return jwt.encode(payload, by_id[kid], algorithm=ALGORITHM, headers={"kid": kid})


# Tokens already verified, by their text: (claims, expiry, kid, key). A phone sends the same
# token with every answer batch, and checking its signature was a tenth of the service's CPU per
# answer save. A hit still checks the expiry and that the key that signed it is still one of
# ours (a retired key logs its tokens out); ended sessions are checked by the caller after.
_VERIFIED: dict[str, tuple[Claims, float, str, bytes]] = {}
_VERIFIED_MAX = 20_000


def verify(token: str) -> Claims:
    """The claims of a token one of our keys signed and that has not expired; InvalidToken
    otherwise. Only HS256 is accepted, so an unsigned (`alg: none`) token never passes."""
    known = _VERIFIED.get(token)
    if known is not None:
        claims, expires, kid, key = known
        if expires > time.time() and keys()[1].get(kid) == key:
            return claims
        del _VERIFIED[token]
    claims, expires, kid, key = _verify(token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[token] = (claims, expires, kid, key)
    return claims


def _verify(token: str) -> tuple[Claims, float, str, bytes]:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        key = keys()[1].get(kid) if isinstance(kid, str) else None
        if key is None or not isinstance(kid, str):
            raise InvalidToken("signed with no key of ours")
        payload = jwt.decode(
            token, key, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS}
        )
        role = payload["role"]
        if not isinstance(role, str):
            raise InvalidToken("role is not a name")
        cid, districts = payload.get("cid"), payload.get("dst", [])
        if not isinstance(districts, list) or not all(isinstance(d, str) for d in districts):
            raise InvalidToken("dst is not a list of district codes")
        candidate = UUID(cid) if cid is not None else None
        lsp = payload.get("lsp")
        lsp_id = UUID(lsp) if lsp is not None else None
        claims = Claims(UUID(payload["sub"]), role, candidate, tuple(districts), lsp_id)
        return claims, float(payload["exp"]), kid, key
    except (jwt.PyJWTError, ValueError, TypeError, AttributeError, KeyError) as exc:
        raise InvalidToken(str(exc)) from exc
