"""The offline verifier: checks a certificate's QR payload against a saved key set, with no
network. Give it the payload text (KC1:...) or a PNG of the QR code, and the key set as
published at GET /keys (saved once, while online):

    python -m certificate.verify --keys keys.json 'KC1:...'
    python -m certificate.verify --keys keys.json certificate-qr.png
    python -m certificate.verify --keys keys.json certificate.pdf

Prints what the certificate says and exits 0 when the signature is genuine and the certificate
is within its validity; prints why and exits 1 otherwise (altered, forged, signed with a key
not in the set, expired). A PDF (one certificate or a whole print file) is checked page by
page: each page's QR code as above, and the number, the dates and the unit codes printed on
the page against what its QR code signs, so a PDF whose text was edited is refused too (the
holder's name is not in the signed payload: the page and JSON online show it). Status
changes (suspension, withdrawal) need the status list, which comes with the lifecycle slice."""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from datetime import date, datetime
from pathlib import Path

import png
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificate.issuance.adapters.qr_payload import WIB, InvalidPayload, Verified, verify
from certificate.printing.domain import wording as w
from certificate.verification.adapters.printed_pdf import PrintedPage, pages

UNIT_CODE = re.compile(r"\b[A-Z]\.\d{6}\.\d{3}\.\d{2}\b")  # SKKNI: M.702090.001.01


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


def check_page(page: PrintedPage, keys: dict[str, Ed25519PublicKey], today: date) -> Verified:
    """The page's QR code checked, and what the page prints is what the code signs."""
    if page.payload is None:
        raise InvalidPayload("no readable QR code on the page")
    verified = check(page.payload, keys, today)
    claims, shown = verified.claims, " ".join(page.text.split())
    printed = {"number": f"{w.NUMBER}: {claims.number}",
               "issue date": f"{w.ISSUED}: {w.tanggal(claims.issued_on)}",
               "validity": f"{w.VALID_UNTIL}: {w.tanggal(claims.valid_until)}"}  # fmt: skip
    for what, signed in printed.items():
        if not re.search(re.escape(signed) + r"(\s|$)", shown):
            raise InvalidPayload(f"the printed {what} is not the one signed ({signed!r}): edited")
    if set(UNIT_CODE.findall(shown)) - set(claims.unit_codes) or any(
        code not in shown for code in claims.unit_codes
    ):
        raise InvalidPayload("the printed unit codes are not the ones signed: edited")
    return verified


def check_pdf(path: Path, keys: dict[str, Ed25519PublicKey], today: date) -> list[Verified]:
    found = pages(path.read_bytes())
    if not found:
        raise InvalidPayload(f"no page in {path}")
    checked = []
    for n, page in enumerate(found, start=1):
        try:
            checked.append(check_page(page, keys, today))
        except InvalidPayload as refused:
            raise InvalidPayload(f"page {n}: {refused}") from None
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m certificate.verify",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--keys", required=True, type=Path, help="the saved key set (JSON)")
    parser.add_argument(
        "payload", help="the QR payload text (KC1:...), a PNG of the QR code, or a certificate PDF"
    )
    args = parser.parse_args(argv)
    keys = public_keys(json.loads(args.keys.read_text()))
    today = datetime.now(WIB).date()
    try:
        source = Path(args.payload)
        if args.payload.lower().endswith(".pdf") and source.is_file():
            checked = check_pdf(source, keys, today)
            print(f"VALID: {len(checked)} page(s), each signature genuine, within validity and "
                  "as printed: " + ", ".join(v.claims.number for v in checked))  # fmt: skip
            return 0
        is_png = args.payload.lower().endswith(".png") and source.is_file()
        payload = payload_of_png(source) if is_png else args.payload
        verified = check(payload, keys, today)
    except InvalidPayload as refused:
        print(f"INVALID: {refused}")
        return 1
    claims = verified.claims
    print(f"VALID: signature genuine (key {verified.kid}), within validity")
    print(json.dumps({**claims.__dict__, "lsp_id": str(claims.lsp_id) if claims.lsp_id else None,
                      "issued_on": str(claims.issued_on), "valid_until": str(claims.valid_until),
                      "unit_codes": list(claims.unit_codes)}, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
