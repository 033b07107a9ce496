"""The signed QR payload and the offline verifier: what is signed reads back exactly, fits the
budget of 600 bytes at error correction Q, and anything altered, forged or signed with a key
not in the saved key set is refused, with no network."""

from __future__ import annotations

import base64
import json
import os
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from certificate import verify as offline
from certificate.issuance.adapters.base45 import b45decode, b45encode
from certificate.issuance.adapters.qr_image import qr_png, qr_version
from certificate.issuance.adapters.qr_payload import (
    MOST_BYTES,
    PREFIX,
    InvalidPayload,
    verify,
)
from certificate.issuance.adapters.signing_keys import Ed25519Signer, keys_from_environment
from certificate.issuance.application.issue import new_token
from certificate.issuance.application.ports import QrClaims
from eventkit import secrets

UNITS = tuple(f"M.702090.{n:03d}.01" for n in range(1, 13))


def key_env(*kids: str) -> dict[str, str]:
    keys = ",".join(f"{kid}={base64.b64encode(os.urandom(32)).decode()}" for kid in kids)
    return {"KOMPETEN_CERTIFICATE_KEYS": keys}


def claims(units: tuple[str, ...] = UNITS) -> QrClaims:
    return QrClaims(new_token(), "KOP-BENDAHARA/2026/00042", uuid4(), "KOP-BENDAHARA", 2, units,
                    date(2026, 11, 23), date(2029, 11, 22))  # fmt: skip


def test_what_is_signed_reads_back_and_fits_600_bytes_at_level_q() -> None:
    keys = keys_from_environment(key_env("k2026"))
    what = claims()
    signed = Ed25519Signer(keys).sign(what)
    assert signed.kid == "k2026" and signed.payload.startswith(PREFIX)
    assert len(b45decode(signed.payload[len(PREFIX) :])) <= MOST_BYTES
    verified = verify(signed.payload, keys.public())
    assert verified.claims == what and verified.kid == "k2026"
    assert qr_version(signed.payload) <= 20  # about 1.7 mm a module printed at 35 mm


def test_a_flipped_bit_anywhere_is_refused() -> None:
    keys = keys_from_environment(key_env("k1"))
    payload = Ed25519Signer(keys).sign(claims()).payload
    message = bytearray(b45decode(payload[len(PREFIX) :]))
    refused = 0
    for index in range(0, len(message), 7):
        flipped = bytearray(message)
        flipped[index] ^= 0x04
        with pytest.raises(InvalidPayload):
            verify(PREFIX + b45encode(bytes(flipped)), keys.public())
        refused += 1
    assert refused == len(range(0, len(message), 7))


def test_a_key_not_in_the_saved_set_and_a_forger_are_refused() -> None:
    rotated = keys_from_environment(key_env("new", "old"))
    assert rotated.signing_kid == "new" and set(rotated.public()) == {"new", "old"}
    retired = keys_from_environment(key_env("old"))
    payload = Ed25519Signer(retired).sign(claims()).payload
    with pytest.raises(InvalidPayload, match="not in the key set"):
        verify(payload, keys_from_environment(key_env("new")).public())
    forger = keys_from_environment(key_env("old"))  # the same kid, another key
    with pytest.raises(InvalidPayload, match="signature"):
        verify(Ed25519Signer(forger).sign(claims()).payload, retired.public())


@pytest.mark.parametrize("text", ["", "HC1:6BFOXN", "KC1:", "KC1:%%%%", "KC1:" + "A" * 2000])
def test_garbage_is_refused_and_never_crashes(text: str) -> None:
    with pytest.raises(InvalidPayload):
        verify(text, keys_from_environment(key_env("k1")).public())


def test_base45_reads_back_what_it_wrote() -> None:
    for data in (b"", b"\x00", b"AB", b"Hello!!", os.urandom(301)):
        assert b45decode(b45encode(data)) == data
    assert b45encode(b"AB") == "BB8"  # RFC 9285, section 4.3
    assert b45encode(b"Hello!!") == "%69 VD92EX0"  # RFC 9285, an odd length
    with pytest.raises(ValueError):
        b45decode("GGW")  # 65535 < value


def test_the_command_checks_a_png_of_the_qr_code_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = keys_from_environment(key_env("k1"))
    payload = Ed25519Signer(keys).sign(claims()).payload
    (tmp_path / "keys.json").write_text(json.dumps(keys.key_set()))
    (tmp_path / "qr.png").write_bytes(qr_png(payload))
    assert offline.main(["--keys", str(tmp_path / "keys.json"), str(tmp_path / "qr.png")]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("VALID") and "KOP-BENDAHARA/2026/00042" in shown
    edited = payload[:-3] + ("A" if payload[-3] != "A" else "B") + payload[-2:]
    assert offline.main(["--keys", str(tmp_path / "keys.json"), edited]) == 1
    assert capsys.readouterr().out.startswith("INVALID")


def test_an_expired_certificate_is_genuine_but_refused() -> None:
    keys = keys_from_environment(key_env("k1"))
    signed = Ed25519Signer(keys).sign(claims())
    with pytest.raises(InvalidPayload, match="expired on 2029-11-22"):
        offline.check(signed.payload, keys.public(), date(2029, 11, 23))
    assert offline.check(signed.payload, keys.public(), date(2029, 11, 22)).kid == "k1"


def test_no_signing_key_and_no_development_mode_means_no_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(secrets.DEVELOPMENT, raising=False)
    with pytest.raises(secrets.MissingSecret, match="KOMPETEN_CERTIFICATE_KEYS"):
        keys_from_environment({})
    development = base64.b64encode(secrets.development_value("KOMPETEN_CERTIFICATE_KEYS"))
    with pytest.raises(secrets.MissingSecret, match="development key"):
        keys_from_environment({"KOMPETEN_CERTIFICATE_KEYS": f"k1={development.decode()}"})
    monkeypatch.setenv(secrets.DEVELOPMENT, "1")
    assert keys_from_environment({}).signing_kid == "dev"
