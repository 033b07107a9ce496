"""AES-256-GCM under a per-purpose key derived from the person's data key (HKDF-SHA256,
eventkit.pii.derived_key), read through the key store's reader: nothing is stored but the
sealed bytes, so deleting the person's key in registration's key store shreds them.

Sealed bytes: `KS1` + 12-byte nonce + ciphertext and tag. The associated data is the person,
the purpose and the context, so sealed bytes moved to another person or thing do not open.
Why a convergent nonce is safe where asked for: it is HMAC-SHA256(key, context)[:12] and the
context is the plaintext's SHA-256, so one nonce only ever meets one plaintext under one key
(as in SIV modes); what it reveals is only that the same person's same file is the same file."""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"KS1"


class DerivedKeys(Protocol):
    async def derived_keys(self, subjects: list[UUID], purpose: str) -> dict[UUID, bytes]: ...


def _aad(subject: UUID, purpose: str, context: str) -> bytes:
    return f"{subject}|{purpose}|{context}".encode()


class KeyStoreSealing:
    def __init__(self, keys: DerivedKeys) -> None:
        self.keys = keys

    async def _key(self, subject: UUID, purpose: str) -> bytes | None:
        return (await self.keys.derived_keys([subject], purpose)).get(subject)

    async def seal(
        self, subject: UUID, purpose: str, plaintext: bytes, context: str, convergent: bool = False
    ) -> bytes | None:
        key = await self._key(subject, purpose)
        if key is None:
            return None
        if convergent:
            nonce = hmac.new(key, context.encode(), hashlib.sha256).digest()[:12]
        else:
            nonce = os.urandom(12)
        return (
            MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, _aad(subject, purpose, context))
        )

    async def open(self, subject: UUID, purpose: str, sealed: bytes, context: str) -> bytes | None:
        if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + 12 + 16:
            raise ValueError("not sealed under a person's key (unknown format)")
        key = await self._key(subject, purpose)
        if key is None:
            return None
        nonce, body = sealed[len(MAGIC) : len(MAGIC) + 12], sealed[len(MAGIC) + 12 :]
        try:
            return AESGCM(key).decrypt(nonce, body, _aad(subject, purpose, context))
        except InvalidTag as exc:
            raise ValueError("sealed data fails authentication: tampered, or not this") from exc
