"""Sealing an exam package to the session's start code, so a phone can hold its exam before the
session and open it with no network once the assessor reads the code out.

AES-256-GCM under a key derived with PBKDF2-HMAC-SHA256 from the code, salted with the session
id (one derivation per session, on the server and on the phone); the attempt id is bound in as
associated data, so one candidate's package cannot pass for another's. The browser's WebCrypto
does exactly this (deriveKey PBKDF2, then AES-GCM decrypt): the phone needs no library. The
iteration count makes guessing the 8-character code (40 bits) slower than the exam it
protects; the code is released 10 minutes before the start."""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from assessment.exams.application.ports import SealedPackage

ITERATIONS = 200_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class AesGcmPackageCipher:
    def __init__(self, iterations: int = ITERATIONS) -> None:
        self.iterations = iterations

    def seal(
        self, plaintext: bytes, start_code: str, session_id: UUID, attempt_id: UUID
    ) -> SealedPackage:
        salt, nonce = session_id.bytes, os.urandom(12)
        key = _key(start_code, salt, self.iterations)
        sealed = AESGCM(key).encrypt(nonce, plaintext, attempt_id.bytes)
        return SealedPackage(
            "PBKDF2-SHA256/AES-256-GCM", self.iterations, _b64(salt), _b64(nonce), _b64(sealed)
        )

    def open(
        self, package: SealedPackage, start_code: str, session_id: UUID, attempt_id: UUID
    ) -> bytes:
        key = _key(start_code, session_id.bytes, package.iterations)
        nonce, sealed = base64.b64decode(package.nonce), base64.b64decode(package.ciphertext)
        return AESGCM(key).decrypt(nonce, sealed, attempt_id.bytes)


@lru_cache(maxsize=256)
def _key(start_code: str, salt: bytes, iterations: int) -> bytes:
    """Derived once per session and code: every package of a session is sealed under it."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(start_code.strip().upper().encode())
