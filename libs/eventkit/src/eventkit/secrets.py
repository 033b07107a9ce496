"""Secrets come from the environment; without them a service refuses to start, unless
development mode is asked for explicitly (KOMPETEN_DEVELOPMENT=1: `make up` and the tests do,
and say so). The development values are written in this repository, so anyone could mint an
LSP admin's token or open sealed personal data with them: outside development mode they are
refused even when configured on purpose.

- KOMPETEN_TOKEN_KEYS: session-token keys, `kid=base64[,kid=base64...]`; the first signs,
  all verify (rotation);
- KOMPETEN_MASTER_KEY: wraps each person's data key (crypto-shredding);
- KOMPETEN_HASH_SECRET: keyed hashes of NIKs, e-mail addresses and client addresses;
each key is 32 random bytes in base64 (`openssl rand -base64 32`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os

# Names of environment variables, not secrets.
DEVELOPMENT = "KOMPETEN_DEVELOPMENT"
TOKEN_KEYS = "KOMPETEN_TOKEN_KEYS"  # noqa: S105
MASTER_KEY = "KOMPETEN_MASTER_KEY"
HASH_SECRET = "KOMPETEN_HASH_SECRET"  # noqa: S105
REQUIRED = (TOKEN_KEYS, MASTER_KEY, HASH_SECRET)
DEVELOPMENT_KEY_ID = "dev"
_log = logging.getLogger(__name__)
_warned: set[str] = set()


class MissingSecret(RuntimeError):
    """A secret is not configured (or is a development value) outside development mode."""


def development_mode() -> bool:
    return os.environ.get(DEVELOPMENT, "").strip().lower() in ("1", "true", "yes")


def development_value(name: str) -> bytes:
    """The value development mode uses: derived from the name, public, never for production."""
    return hashlib.sha256(f"kompeten development {name}".encode()).digest()


def _missing(name: str) -> MissingSecret:
    return MissingSecret(
        f"{name} is not set. Set it for this installation (README: 'Secrets in production'), "
        f"or ask for development mode explicitly with {DEVELOPMENT}=1 (local use only)."
    )


def _development(name: str) -> bytes:
    if not development_mode():
        raise _missing(name)
    if name not in _warned:
        _warned.add(name)
        _log.warning("%s unset: DEVELOPMENT mode, using the public development value", name)
    return development_value(name)


def key_bytes(name: str, raw: str) -> bytes:
    """32 bytes from base64, refusing development values outside development mode."""
    try:
        secret = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:  # the value itself is a secret: never echo it
        raise ValueError(f"{name} is not valid base64") from exc
    if len(secret) != 32:
        raise ValueError(f"{name} must be base64 of 32 bytes (openssl rand -base64 32)")
    if not development_mode() and secret in {development_value(n) for n in REQUIRED}:
        raise MissingSecret(f"{name} holds a development value, which is public")
    return secret


def secret(name: str) -> bytes:
    """A 32-byte secret from the environment (base64), or the development value in
    development mode; MissingSecret otherwise."""
    raw = os.environ.get(name)
    return _development(name) if raw is None else key_bytes(name, raw)


def token_keys() -> tuple[str, dict[str, bytes]]:
    """(the id of the key that signs, every key that verifies by id). Rotation: put the new key
    first and keep the old one after it until the longest session it signed has expired."""
    raw = os.environ.get(TOKEN_KEYS)
    if raw is None:
        return DEVELOPMENT_KEY_ID, {DEVELOPMENT_KEY_ID: _development(TOKEN_KEYS)}
    keys: dict[str, bytes] = {}
    for entry in raw.split(","):
        kid, _, value = entry.strip().partition("=")
        if not kid or not value or not kid.isidentifier():
            raise ValueError(f"{TOKEN_KEYS} must be kid=base64[,kid=base64...]")
        if kid in keys:
            raise ValueError(f"{TOKEN_KEYS} names key {kid!r} twice")
        keys[kid] = key_bytes(f"{TOKEN_KEYS} key {kid!r}", value)
    return next(iter(keys)), keys


def check() -> None:
    """Every secret a service needs is configured (or development mode was asked for): called
    at start, so a misconfigured service refuses to start instead of failing its first user."""
    token_keys()
    for name in (MASTER_KEY, HASH_SECRET):
        secret(name)
