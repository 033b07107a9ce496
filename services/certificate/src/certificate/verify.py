"""The offline verifier: checks a certificate's QR payload against a saved key set, with no
network. Give it the payload text (KC1:...) or a PNG of the QR code, and the key set as
published at GET /keys (saved once, while online):

    python -m certificate.verify --keys keys.json 'KC1:...'
    python -m certificate.verify --keys keys.json certificate-qr.png
    python -m certificate.verify --keys keys.json berita-acara-<session>-v2.pdf

A PDF is a session's decision document (berita acara pleno): its own Ed25519 signature (in its
footer and metadata) is checked over the file's SHA-256, so an edited PDF is refused.

Prints what the certificate says and exits 0 when the signature is genuine and the certificate
is within its validity; prints why and exits 1 otherwise (altered, forged, signed with a key
not in the set, expired). Status changes (suspension, withdrawal) need the status list, which
comes with the lifecycle slice."""

from __future__ import annotations

import argparse
import base64
import json
import sys
from datetime import date, datetime
from pathlib import Path

import png
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificate.decision_documents.adapters.pdf_signature import check_pdf
from certificate.issuance.adapters.qr_payload import WIB, InvalidPayload, Verified, verify


def public_keys(key_set: dict[str, list[dict[str, str]]]) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for jwk in key_set.get("keys", []):
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
            keys[jwk["kid"]] = Ed25519PublicKey.from_public_bytes(raw)
    return keys


def payload_of_png(path: Path) -> str:
    """The text of the QR code in a PNG image (grey levels, whatever the PNG's own format)."""
    width, height, rows, info = png.Reader(filename=str(path)).asDirect()
    planes, top = info["planes"], 2 ** info["bitdepth"] - 1
    grey = bytearray()
    for row in rows:
        grey.extend(row[i] * 255 // top for i in range(0, len(row), planes))
    found = zxingcpp.read_barcodes(memoryview(bytes(grey)).cast("B", (height, width)))
    codes = [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
    if not codes:
        raise InvalidPayload(f"no QR code found in {path}")
    return codes[0]


def check(payload: str, keys: dict[str, Ed25519PublicKey], today: date) -> Verified:
    verified = verify(payload, keys)
    if verified.expired(today):
        raise InvalidPayload(f"genuine, but expired on {verified.claims.valid_until}")
    return verified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m certificate.verify",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--keys", required=True, type=Path, help="the saved key set (JSON)")
    parser.add_argument("payload", help="the QR payload text (KC1:...), a PNG of the QR code, "
                        "or a decision document's PDF")  # fmt: skip
    args = parser.parse_args(argv)
    keys = public_keys(json.loads(args.keys.read_text()))
    if args.payload.lower().endswith(".pdf") and Path(args.payload).is_file():
        return document(Path(args.payload).read_bytes(), keys)
    try:
        source = Path(args.payload)
        is_png = args.payload.lower().endswith(".png") and source.is_file()
        payload = payload_of_png(source) if is_png else args.payload
        verified = check(payload, keys, datetime.now(WIB).date())
    except InvalidPayload as refused:
        print(f"INVALID: {refused}")
        return 1
    claims = verified.claims
    print(f"VALID: signature genuine (key {verified.kid}), within validity")
    print(json.dumps({**claims.__dict__, "lsp_id": str(claims.lsp_id) if claims.lsp_id else None,
                      "issued_on": str(claims.issued_on), "valid_until": str(claims.valid_until),
                      "unit_codes": list(claims.unit_codes)}, indent=2))  # fmt: skip
    return 0


def document(pdf: bytes, keys: dict[str, Ed25519PublicKey]) -> int:
    checked = check_pdf(pdf, keys)
    if not checked.valid:
        why = "no Kompeten signature in it"
        if checked.sha256 is not None:
            why = f"the signature does not verify (key {checked.kid}): altered, or another key"
        print(f"INVALID: {why}")
        return 1
    print(f"VALID: decision document signed with key {checked.kid}, SHA-256 {checked.sha256}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
