"""Arm sign: a certificate's QR payload signed as issuance makes it, vs bare Ed25519 signing of
the same bytes.

Ours: `Ed25519Signer.sign` (issuance.adapters.signing_keys) over the claims of a certificate of
12 units: the CWT claims and the COSE protected header encoded (CBOR), the Sig_structure signed
with the installation's Ed25519 key, the COSE_Sign1 message encoded and written as base45 behind
"KC1:" (what the QR code carries, ~550 characters). Baseline, same round, same key: Ed25519
signing alone of the very Sig_structure bytes ours signed (cryptography's OpenSSL binding), no
encoding. Beside them, what the QR code then costs as the service makes it: the module matrix
printing draws (zxing-cpp, level Q) and the PNG the API serves (segno, level Q, scale 4), each
timed over a smaller share of the payloads. One thread, no database: CPU on this machine.
Target: ours >= 2,000/s (all 640,000 holders signed in under 6 minutes of one core)."""

from __future__ import annotations

import base64
import secrets
import time
import uuid
from datetime import date
from importlib import metadata

import cbor2

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from certificate.issuance.adapters.base45 import b45decode
from certificate.issuance.adapters.qr_image import qr_png
from certificate.issuance.adapters.qr_payload import PREFIX, _to_be_signed
from certificate.issuance.adapters.signing_keys import Ed25519Signer, KeyRing
from certificate.issuance.application.ports import QrClaims
from certificate.printing.adapters.qr_code import qr_matrix

TITLE = "QR payloads signed (COSE_Sign1 over CWT, Ed25519, base45), per second"
TARGET = 2000.0
UNITS = tuple(f"M.702090.{n:03d}.01" for n in range(1, 13))
MATRIX_SHARE, PNG_SHARE = 4, 50  # one payload in 4 drawn as a matrix, one in 50 as a PNG


def claims(count: int) -> list[QrClaims]:
    lsp = uuid.uuid4()
    return [
        QrClaims(base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode(),
                 f"KOP-KASIR/2026/{n + 1:05d}", lsp, "KOP-KASIR", 1, UNITS,
                 date(2026, 11, 23), date(2029, 11, 22))
        for n in range(count)
    ]  # fmt: skip


def to_be_signed(payload: str) -> bytes:
    """The Sig_structure signed in `payload` (read back from it, untimed): the same bytes."""
    message = cbor2.loads(b45decode(payload.removeprefix(PREFIX)))
    protected, _, claims_bytes, _ = message.value
    return _to_be_signed(protected, claims_bytes)


def keys() -> KeyRing:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return KeyRing("bench", {"bench": Ed25519PrivateKey.generate()})


async def _arm(cfg: Config) -> list[ArmResult]:
    ring = keys()
    signer, key = Ed25519Signer(ring), ring.private[ring.signing_kid]
    batch = claims(cfg.sign_count)
    messages: list[bytes] = []
    payloads: list[str] = []
    unit = "per s"

    async def ours(_: int) -> Sample:
        t0 = time.perf_counter()
        signed = [signer.sign(c) for c in batch]
        seconds = time.perf_counter() - t0
        payloads[:] = [s.payload for s in signed]
        return Sample(len(batch) / seconds, {"seconds": round(seconds, 3),
                                             "payload_chars": len(payloads[0])})  # fmt: skip

    async def bare(_: int) -> Sample:
        if not messages:  # ours ran first: sign the very bytes it signed
            messages[:] = [to_be_signed(p) for p in payloads]
        t0 = time.perf_counter()
        for message in messages:
            key.sign(message)
        return Sample(len(messages) / (time.perf_counter() - t0))

    async def drawn(share: int, make: object) -> Sample:
        chosen = payloads[::share]
        t0 = time.perf_counter()
        for payload in chosen:
            make(payload)  # type: ignore[operator]
        return Sample(len(chosen) / (time.perf_counter() - t0))

    result = ArmResult(
        arm="sign", title=TITLE, ours=Side("ours: claims to signed KC1: payload", unit),
        baseline=Side("bare Ed25519 signing of the same bytes", unit),
        targets=[Target(f"signed payloads >= {TARGET:,.0f}/s", "ours", "higher", TARGET)],
        extra_figures={"matrix": Side("the QR module matrix printing draws (zxing-cpp)", unit),
                       "png": Side("the QR PNG the API serves (segno)", unit)},
        settings={"payloads_per_round": cfg.sign_count, "rounds": cfg.rounds,
                  "units_per_certificate": len(UNITS),
                  "versions": {p: metadata.version(p) for p in
                               ("cryptography", "cbor2", "zxing-cpp", "segno")}},
    )  # fmt: skip
    assert result.baseline is not None
    await interleave(cfg.rounds, ours, bare, label="sign", ours_side=result.ours,
                     baseline_side=result.baseline)  # fmt: skip
    for name, share, make in (("matrix", MATRIX_SHARE, qr_matrix), ("png", PNG_SHARE, qr_png)):
        for _ in range(cfg.rounds):
            result.extra_figures[name].samples.append(await drawn(share, make))
    matrix, png = (result.extra_figures[n].median for n in ("matrix", "png"))
    signed = result.ours.median
    result.notes.append(
        f"signed payload and matrix together: {1 / (1 / signed + 1 / matrix):,.0f}"
        f"/s; signed payload and PNG: {1 / (1 / signed + 1 / png):,.0f}/s"
    )
    result.notes.append(f"a payload is {len(payloads[0])} characters (QR version 18 at level Q)")
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[sign]")
    target = [Target(f"signed payloads >= {TARGET:,.0f}/s", "ours", "higher", TARGET)]
    return await run_guarded("sign", TITLE, lambda: target, lambda: _arm(cfg))
