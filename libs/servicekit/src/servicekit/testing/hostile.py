"""What a hostile user sends, for any service: tokens forged or tampered with, and bodies that
PostgreSQL or the parser cannot take. Each service's suite runs these against every operation
its OpenAPI document lists (tests/security)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt

from eventkit import secrets, tokens
from kompeten_contracts.roles import Role

# Every secret that is, or ever was, written in this repository: a token signed with one of
# them must never pass outside development mode.
REPOSITORY_SECRETS: list[bytes] = [
    *(secrets.development_value(name) for name in secrets.REQUIRED),
    b"kompeten-development-token-secret-never-in-production",
    b"kompeten",
]


def _claims(role: Role) -> dict[str, object]:
    return {"sub": str(uuid4()), "role": role.value, "exp": datetime.now(UTC) + timedelta(1)}


def _tampered(token: str, **changes: object) -> str:
    """The token with its payload edited and its signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{edited}.{signature}"


def forged_tokens(role: Role = Role.LSP_ADMIN) -> Iterator[tuple[str, str]]:
    """(what, token) for tokens no service may accept, each claiming `role`. Call it where the
    installation's real keys are configured: a properly signed token is made as a control."""
    claims = _claims(role)
    for number, secret in enumerate(REPOSITORY_SECRETS):
        for kid in ("dev", "k1", None):
            headers = {"kid": kid} if kid else None
            yield (
                f"repository secret {number}, kid {kid}",
                jwt.encode(claims, secret, "HS256", headers=headers),
            )
    yield "unsigned", jwt.encode(claims, key="", algorithm="none")
    kid, keys = tokens.keys()
    yield "unknown kid", jwt.encode(claims, keys[kid], "HS256", headers={"kid": "other"})
    expired = {**claims, "exp": datetime.now(UTC) - timedelta(seconds=1)}
    yield "expired", jwt.encode(expired, keys[kid], "HS256", headers={"kid": kid})
    candidate = tokens.issue(tokens.Claims(uuid4(), Role.CANDIDATE.value, uuid4()))
    yield "role edited, signature kept", _tampered(candidate, role=role.value)
    yield "sub edited, signature kept", _tampered(candidate, sub=str(uuid4()))
    yield "not a token", "not.a.token"


NUL_SPELLINGS = [
    "application/json",
    "APPLICATION/JSON",
    "Application/Json; charset=utf-8",
    "application/vnd.kompeten+json",
]


def nul_body() -> bytes:
    return b'{"client_id": "a\\u0000b", "name": "x\\u0000", "draft": {"k\\u0000": "v"}}'


NON_FINITE = [b'{"x": 1e400, "client_id": 1e400}', b'{"x": NaN}', b'{"x": [-Infinity]}']


def deeply_nested(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


async def chunked(body: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def oversized(megabytes: int = 2) -> bytes:
    return json.dumps({"draft": {"notes": "x" * (megabytes * 1024 * 1024)}}).encode()
