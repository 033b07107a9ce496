"""The QR payload of a certificate: a COSE_Sign1 (RFC 9052) signed with Ed25519 (EdDSA, -8),
over a CWT (RFC 8392) claims set, as base45 text behind the prefix "KC1:" (the EU digital COVID
certificate's layout without its zlib step, which saves nothing on a few hundred bytes). The
same module reads it back and checks it against a key set, with no network: the offline
verifier (python -m certificate.verify) is this module's `verify`.

Claims: 7 (cti) the certificate's 16-byte public token, 6 (iat) and 4 (exp) the first day and
the day after the last day of validity at 00:00 WIB, and under CLAIM a map of 1 number,
2 scheme code, 3 scheme version, 4 unit codes, 5 the LSP's id (16 bytes), 7 the certificate's
index in its LSP's status lists (6 is kept for the holder's name)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from uuid import UUID

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certificate.issuance.adapters.base45 import b45decode, b45encode
from certificate.issuance.application.ports import QrClaims

PREFIX = "KC1:"
MOST_BYTES = 600  # the signed COSE message; its base45 text is 1.5 times longer
EDDSA, COSE_SIGN1 = -8, 18
ALG, KID = 1, 4  # COSE header labels
EXP, IAT, CTI = 4, 6, 7  # CWT claim keys
CLAIM = -65537  # Kompeten's certificate claim (private use: below -65536)
STATUS_INDEX = 7  # in CLAIM: the index in the LSP's status lists
WIB = timezone(timedelta(hours=7), "WIB")


class InvalidPayload(ValueError):
    """Not a genuine Kompeten certificate payload; the message says why (English)."""


@dataclass(frozen=True)
class Verified:
    claims: QrClaims
    kid: str

    def expired(self, today: date) -> bool:
        return today > self.claims.valid_until


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time(), WIB).timestamp())


def _day(seconds: int) -> date:
    return datetime.fromtimestamp(seconds, UTC).astimezone(WIB).date()


def _token_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def encode(claims: QrClaims, kid: str, key: Ed25519PrivateKey) -> str:
    certificate: dict[int, Any] = {
        1: claims.number, 2: claims.scheme_code, 3: claims.scheme_version,
        4: list(claims.unit_codes),
    }  # fmt: skip
    if claims.lsp_id is not None:
        certificate[5] = claims.lsp_id.bytes
    if claims.status_index is not None:
        certificate[STATUS_INDEX] = claims.status_index
    payload = cbor2.dumps({
        CTI: _token_bytes(claims.token), IAT: _epoch(claims.issued_on),
        EXP: _epoch(claims.valid_until + timedelta(days=1)), CLAIM: certificate,
    })  # fmt: skip
    protected = cbor2.dumps({ALG: EDDSA, KID: kid.encode()})
    signature = key.sign(_to_be_signed(protected, payload))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1, [protected, {}, payload, signature]))
    if len(message) > MOST_BYTES:
        raise ValueError(f"the signed payload is {len(message)} bytes, over {MOST_BYTES}")
    return PREFIX + b45encode(message)


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return bytes(cbor2.dumps(["Signature1", protected, b"", payload]))


def verify(text: str, keys: Mapping[str, Ed25519PublicKey]) -> Verified:
    """The claims of a genuine payload signed by one of `keys`; InvalidPayload otherwise."""
    text = text.strip()
    if not text.startswith(PREFIX) or len(text) > len(PREFIX) + MOST_BYTES * 3 // 2 + 2:
        raise InvalidPayload("not a Kompeten certificate payload (KC1:)")
    try:
        message = cbor2.loads(b45decode(text[len(PREFIX) :]))
        if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1:
            raise InvalidPayload("not a COSE_Sign1 message")
        protected, _, payload, signature = message.value
        header = cbor2.loads(protected)
        kid = header[KID].decode()
    except InvalidPayload:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, cbor2.CBORDecodeError) as exc:
        raise InvalidPayload(f"malformed payload ({type(exc).__name__})") from None
    if header.get(ALG) != EDDSA:
        raise InvalidPayload("not signed with EdDSA")
    key = keys.get(kid)
    if key is None:
        raise InvalidPayload(f"signed with key {kid!r}, which is not in the key set")
    try:
        key.verify(bytes(signature), _to_be_signed(protected, bytes(payload)))
    except (InvalidSignature, TypeError):
        raise InvalidPayload("the signature does not match: altered or forged") from None
    return Verified(_claims(cbor2.loads(payload)), kid)


def _claims(payload: dict[int, Any]) -> QrClaims:
    certificate = payload[CLAIM]
    lsp = certificate.get(5)
    return QrClaims(
        token=base64.urlsafe_b64encode(payload[CTI]).rstrip(b"=").decode(),
        number=certificate[1], lsp_id=UUID(bytes=lsp) if lsp else None,
        scheme_code=certificate[2], scheme_version=certificate[3],
        unit_codes=tuple(certificate[4]), issued_on=_day(payload[IAT]),
        valid_until=_day(payload[EXP]) - timedelta(days=1),
        status_index=certificate.get(STATUS_INDEX),
    )  # fmt: skip
