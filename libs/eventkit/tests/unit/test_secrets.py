"""Secrets: configured, or development mode asked for explicitly; never the public development
values in production; token keys named by id, so they rotate without logging anyone out."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from eventkit import secrets, tokens
from eventkit.pii import hash_secret_from_env, master_key_from_env
from eventkit.secrets import MissingSecret
from eventkit.tokens import Claims, InvalidToken

NAMES = (secrets.TOKEN_KEYS, secrets.MASTER_KEY, secrets.HASH_SECRET)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No development mode and no secret configured; the token keys read afresh."""
    monkeypatch.delenv(secrets.DEVELOPMENT, raising=False)
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    tokens.keys.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    tokens.keys.cache_clear()


def test_without_secrets_nothing_starts_and_the_error_says_what_to_do(
    production: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(
        MissingSecret, match=r"KOMPETEN_TOKEN_KEYS is not set.*KOMPETEN_DEVELOPMENT"
    ):
        secrets.check()
    production.setenv(secrets.TOKEN_KEYS, f"k1={b64(b'a' * 32)}")
    with pytest.raises(MissingSecret, match="KOMPETEN_MASTER_KEY"):
        secrets.check()
    production.setenv(secrets.MASTER_KEY, b64(b"m" * 32))
    with pytest.raises(MissingSecret, match="KOMPETEN_HASH_SECRET"):
        secrets.check()
    production.setenv(secrets.HASH_SECRET, b64(b"h" * 32))
    secrets.check()
    assert (master_key_from_env(), hash_secret_from_env()) == (b"m" * 32, b"h" * 32)


def test_the_public_development_values_are_refused_outside_development_mode(
    production: pytest.MonkeyPatch,
) -> None:
    for name in (secrets.MASTER_KEY, secrets.HASH_SECRET):
        production.setenv(name, b64(secrets.development_value(name)))
        with pytest.raises(MissingSecret, match="development value"):
            secrets.secret(name)
    dev_token_key = b64(secrets.development_value(secrets.TOKEN_KEYS))
    production.setenv(secrets.TOKEN_KEYS, f"dev={dev_token_key}")
    with pytest.raises(MissingSecret, match="development value"):
        secrets.token_keys()


def test_a_token_forged_with_the_development_key_is_refused_in_production(
    production: pytest.MonkeyPatch,
) -> None:
    development_key = secrets.development_value(secrets.TOKEN_KEYS)
    claims = {"sub": str(uuid4()), "role": "lsp_admin", "exp": datetime.now(UTC) + timedelta(1)}
    forged = jwt.encode(claims, development_key, "HS256", headers={"kid": "dev"})
    production.setenv(secrets.TOKEN_KEYS, f"k1={b64(b'r' * 32)}")
    with pytest.raises(InvalidToken):
        tokens.verify(forged)
    unnamed = jwt.encode(claims, b"r" * 32, "HS256")  # our key, but no kid
    with pytest.raises(InvalidToken):
        tokens.verify(unnamed)


def test_keys_rotate_without_logging_anyone_out(production: pytest.MonkeyPatch) -> None:
    old, new = b"o" * 32, b"n" * 32
    production.setenv(secrets.TOKEN_KEYS, f"k1={b64(old)}")
    session = tokens.issue(Claims(uuid4(), "assessor"))
    assert jwt.get_unverified_header(session)["kid"] == "k1"

    production.setenv(secrets.TOKEN_KEYS, f"k2={b64(new)},k1={b64(old)}")
    tokens.keys.cache_clear()
    assert tokens.verify(session).role == "assessor"  # signed before the rotation
    fresh = tokens.issue(Claims(uuid4(), "assessor"))
    assert jwt.get_unverified_header(fresh)["kid"] == "k2"

    production.setenv(secrets.TOKEN_KEYS, f"k2={b64(new)}")  # the old key retired
    tokens.keys.cache_clear()
    assert tokens.verify(fresh).role == "assessor"
    with pytest.raises(InvalidToken):
        tokens.verify(session)


@pytest.mark.parametrize(
    "value",
    ["k1", "k1=", "=abc", f"k1={b64(b'x' * 16)}", f"k1={b64(b'x' * 32)},k1={b64(b'y' * 32)}"],
)
def test_malformed_token_keys_are_refused_without_echoing_them(
    production: pytest.MonkeyPatch, value: str
) -> None:
    production.setenv(secrets.TOKEN_KEYS, value)
    with pytest.raises(ValueError, match=secrets.TOKEN_KEYS) as caught:
        secrets.token_keys()
    assert b64(b"x" * 16) not in str(caught.value)


def test_development_mode_is_asked_for_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(secrets.DEVELOPMENT, "1")
    monkeypatch.delenv(secrets.MASTER_KEY, raising=False)
    monkeypatch.setattr(secrets, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="eventkit.secrets"):
        assert master_key_from_env() == master_key_from_env()
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == [
        "KOMPETEN_MASTER_KEY unset: DEVELOPMENT mode, using the public development value"
    ]
    for bad in ["not base64 at all!", b64(b"k" * 16)]:
        monkeypatch.setenv(secrets.MASTER_KEY, bad)
        with pytest.raises(ValueError, match=secrets.MASTER_KEY) as caught:
            master_key_from_env()
        assert bad not in str(caught.value)  # a secret is never echoed
