"""The installation's certificate signing keys (Ed25519), from the environment, and the signer
that seals a QR payload, or a credential (VC-JOSE), with the current one.

KOMPETEN_CERTIFICATE_KEYS: `kid=base64[,kid=base64...]`, each the 32-byte private seed of an
Ed25519 key (`openssl rand -base64 32`). The first signs; every one stays in the published key
set, so certificates signed before a rotation keep verifying. Rotation: put the new key first
and keep the old ones after it; retiring a key (taking it out) makes every certificate it
signed fail verification, which is what a compromised key asks for. Without the variable, the
service refuses to start unless development mode is asked for; then a public development key
(kid "dev") signs, and outside development mode that key is refused even when configured."""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from certificate.issuance.adapters import vc_jose
from certificate.issuance.adapters.qr_payload import encode
from certificate.issuance.application.ports import QrClaims, Signed
from eventkit import secrets

KEYS = "KOMPETEN_CERTIFICATE_KEYS"
DEVELOPMENT_KID = "dev"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyRing:
    signing_kid: str
    private: Mapping[str, Ed25519PrivateKey]

    def public(self) -> dict[str, Ed25519PublicKey]:
        return {kid: key.public_key() for kid, key in self.private.items()}

    def key_set(self) -> dict[str, Any]:
        """The published key set (JWK Set, RFC 7517/8037): what an offline verifier saves."""
        return {"keys": [jwk(kid, key) for kid, key in self.public().items()]}


def jwk(kid: str, key: Ed25519PublicKey) -> dict[str, str]:
    x = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "kid": kid, "use": "sig", "alg": "EdDSA",
            "x": base64.urlsafe_b64encode(x).rstrip(b"=").decode()}  # fmt: skip


def keys_from_environment(environ: Mapping[str, str] | None = None) -> KeyRing:
    env = os.environ if environ is None else environ
    raw = env.get(KEYS)
    development = secrets.development_value(KEYS)
    if raw is None:
        if not secrets.development_mode():
            raise secrets.MissingSecret(
                f"{KEYS} is not set. Set it for this installation (docs/certificate.md, "
                f"'Signing keys'), or ask for development mode with {secrets.DEVELOPMENT}=1."
            )
        _log.warning("%s unset: DEVELOPMENT mode, signing with the public development key", KEYS)
        return KeyRing(DEVELOPMENT_KID, {DEVELOPMENT_KID: _key(development)})
    seeds: dict[str, bytes] = {}
    for entry in raw.split(","):
        kid, _, value = entry.strip().partition("=")
        if not kid or not value or not kid.replace("-", "_").isidentifier() or len(kid) > 16:
            raise ValueError(f"{KEYS} must be kid=base64[,kid=base64...] (kid: 1-16 letters)")
        if kid in seeds:
            raise ValueError(f"{KEYS} names key {kid!r} twice")
        seed = secrets.key_bytes(f"{KEYS} key {kid!r}", value)
        if seed == development and not secrets.development_mode():
            raise secrets.MissingSecret(
                f"{KEYS} key {kid!r} is the development key, which is public"
            )
        seeds[kid] = seed
    return KeyRing(next(iter(seeds)), {kid: _key(seed) for kid, seed in seeds.items()})


def _key(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


@dataclass(frozen=True)
class Ed25519Signer:
    keys: KeyRing

    def sign(self, claims: QrClaims) -> Signed:
        kid = self.keys.signing_kid
        return Signed(kid, encode(claims, kid, self.keys.private[kid]))

    def sign_credential(self, credential: Mapping[str, Any]) -> str:
        """A credential (a certificate's, a status list) as VC-JOSE with the current key."""
        kid = self.keys.signing_kid
        return vc_jose.sign(credential, kid, self.keys.private[kid])
