"""Credentials secured as VC-JOSE (https://www.w3.org/TR/vc-jose-cose/): a compact JWS (RFC 7515)
whose payload is the credential's JSON itself, signed with the installation's Ed25519 key
(alg EdDSA, RFC 8037), media type application/vc+jwt; header {alg, kid, typ: vc+jwt, cty: vc}.
The same keys as the QR payload's, published at GET /keys. No JSON-LD canonicalisation: the
signature covers the bytes sent. Written with `cryptography` (what the QR's COSE uses); a unit
test checks that PyJWT, an independent implementation, reads what this signs."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MEDIA_TYPE = "application/vc+jwt"
TYP = "vc+jwt"
MOST_CHARS = 4_000_000  # a status list of a few million holders, GZIP'd, fits well below


class InvalidCredential(ValueError):
    """Not a genuine credential signed by a key of the set; the message says why (English)."""


@dataclass(frozen=True)
class VerifiedCredential:
    credential: dict[str, Any]
    kid: str


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    if not text or any(c not in _ALPHABET for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def sign(credential: Mapping[str, Any], kid: str, key: Ed25519PrivateKey) -> str:
    header = {"alg": "EdDSA", "kid": kid, "typ": TYP, "cty": "vc"}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, credential)
    )
    return f"{signing_input}.{b64url(key.sign(signing_input.encode()))}"


def verify(token: str, keys: Mapping[str, Ed25519PublicKey]) -> VerifiedCredential:
    """The credential of a genuine compact JWS signed by one of `keys`; InvalidCredential
    otherwise (altered, forged, another algorithm, a key not in the set)."""
    token = token.strip()
    parts = token.split(".")
    if len(token) > MOST_CHARS or len(parts) != 3:
        raise InvalidCredential("not a compact JWS (three base64url parts)")
    try:
        header = json.loads(_unb64url(parts[0]))
        signature = _unb64url(parts[2])
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
    except ValueError as exc:
        raise InvalidCredential(f"malformed JWS ({type(exc).__name__})") from None
    if header.get("alg") != "EdDSA" or header.get("crit") is not None:
        raise InvalidCredential("not signed with EdDSA")
    kid = header.get("kid")
    key = keys.get(kid) if isinstance(kid, str) else None
    if key is None or not isinstance(kid, str):
        raise InvalidCredential(f"signed with key {kid!r}, which is not in the key set")
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode())
    except InvalidSignature:
        raise InvalidCredential("the signature does not match: altered or forged") from None
    try:
        credential = json.loads(_unb64url(parts[1]))
    except ValueError:
        raise InvalidCredential("the signed payload is not JSON") from None
    if not isinstance(credential, dict):
        raise InvalidCredential("the signed payload is not a credential (JSON object)")
    return VerifiedCredential(credential, kid)
