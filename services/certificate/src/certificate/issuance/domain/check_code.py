"""The check code printed beside a certificate's number: the second factor of verification by
number. It is derived from the certificate's public token (16 random bytes, never printed as
text), so it is as unguessable as 40 random bits, stored nowhere, and the same for every copy
of the same certificate. Crockford's base32 without I, L, O, U, in two groups of four: read
aloud and typed back without confusing 0 and O or 1 and I."""

from __future__ import annotations

import hashlib
import hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8  # 40 bits
CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_code(token: str) -> str:
    digest = hashlib.sha256(b"kompeten-check-code\x00" + token.encode()).digest()
    value = int.from_bytes(digest[:5], "big")
    chars = "".join(ALPHABET[(value >> (5 * (LENGTH - 1 - i))) & 31] for i in range(LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalised(code: str) -> str | None:
    """A typed code in canonical form (case, spaces and hyphens forgiven, O/I/L read as 0/1);
    None when it cannot be a check code."""
    bare = "".join(code.split()).replace("-", "").upper().translate(CONFUSABLE)
    if len(bare) != LENGTH or any(c not in ALPHABET for c in bare):
        return None
    return f"{bare[:4]}-{bare[4:]}"


def matches(token: str, code: str) -> bool:
    typed = normalised(code)
    return typed is not None and hmac.compare_digest(typed, check_code(token))
