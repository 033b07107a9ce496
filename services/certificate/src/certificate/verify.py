"""The offline verifier: checks a certificate's QR payload, its verifiable credential or a
status list against a saved key set, with no network. Give it the payload text (KC1:...), a PNG
of the QR code, or a file holding a credential or status list (compact JWS, application/vc+jwt),
and the key set as published at GET /keys (saved once, while online); with the LSP's status
lists (GET /status-lists/{lsp_id}/suspension and .../revocation, downloaded) it also says
whether the certificate is suspended or revoked:

    python -m certificate.verify --keys keys.json 'KC1:...'
    python -m certificate.verify --keys keys.json certificate-qr.png \
        --status-list suspension.jwt --status-list revocation.jwt
    python -m certificate.verify --keys keys.json credential.jwt --status-list ...
    python -m certificate.verify --keys keys.json suspension.jwt
    python -m certificate.verify --keys keys.json certificate.pdf
    python -m certificate.verify --keys keys.json berita-acara-<session>-v2.pdf

A PDF is either a session's decision document (berita acara pleno), whose own Ed25519 signature
(in its footer and metadata) is checked over the file's SHA-256, or certificates (one, or a whole
print file), checked page by page: each page's QR code as above, and the number, the dates and
the unit codes printed on the page against what its QR code signs, so a PDF whose text was
edited is refused too (the holder's name is not in the signed payload: the page and JSON online
show it).

Prints what the certificate says and exits 0 when the signature is genuine, the certificate is
within its validity and no status list given marks it; prints why and exits 1 otherwise
(altered, forged, signed with a key not in the set, expired, suspended, revoked, a status list
past its validUntil). A list past its refresh time (ttl) is still used, with a warning."""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import png
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificate.decision_documents.adapters.pdf_signature import check_pdf as check_signed_pdf
from certificate.issuance.adapters import vc_jose
from certificate.issuance.adapters.qr_payload import (
    PREFIX,
    WIB,
    InvalidPayload,
    Verified,
    verify,
)
from certificate.printing.domain import wording as w
from certificate.status_lists.adapters.offline_lists import StatusList, find, read_list
from certificate.status_lists.domain.bitstring import InvalidStatusList, StatusPurpose
from certificate.status_lists.domain.documents import issuer_id
from certificate.verification.adapters.credential_check import (
    check_credential,
    status_entries_of,
)
from certificate.verification.adapters.printed_pdf import PrintedPage, pages

REFUSED = (InvalidPayload, vc_jose.InvalidCredential, InvalidStatusList)
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


Wanted = list[tuple[StatusPurpose, str | None, int]]  # (purpose, list URL, index)
# (the headline when nothing marks it, what it says, status wanted, the issuer's id)
Checked = tuple[str, dict[str, Any], Wanted, str | None]


def statuses(lists: list[StatusList], wanted: Wanted, issuer: str | None,
             now: datetime) -> list[str]:  # fmt: skip
    """What the given lists say of the certificate: a refusal per bit set, warnings printed."""
    refusals = []
    for purpose, url, index in wanted:
        found = find(lists, purpose, url=url, issuer=issuer)
        if found is None:
            print(f"NOTE: {purpose.value} not checked: no {purpose.value} list of this LSP given")
            continue
        if found.stale(now):
            print(f"WARNING: the {purpose.value} list is past its refresh time: fetch it again")
        if found.is_set(index):
            refusals.append("SUSPENDED" if purpose is StatusPurpose.SUSPENSION else "REVOKED")
    return refusals


def _is_file(argument: str) -> bool:
    try:
        return Path(argument).is_file()
    except OSError:  # a JWS given inline is longer than a file name may be
        return False


def _text(argument: str) -> str:
    if argument.lower().endswith(".png") and _is_file(argument):
        return payload_of_png(Path(argument))
    if not argument.startswith(PREFIX) and _is_file(argument):
        return Path(argument).read_text().strip()
    return argument


def check_qr(payload: str, keys: dict[str, Ed25519PublicKey], now: datetime) -> Checked:
    verified = check(payload, keys, now.astimezone(WIB).date())
    claims = verified.claims
    headline = f"signature genuine (key {verified.kid}), within validity"
    wanted: Wanted = []
    if claims.status_index is not None:
        wanted = [(purpose, None, claims.status_index) for purpose in StatusPurpose]
    shown = {**claims.__dict__, "lsp_id": str(claims.lsp_id) if claims.lsp_id else None,
             "issued_on": str(claims.issued_on), "valid_until": str(claims.valid_until),
             "unit_codes": list(claims.unit_codes)}  # fmt: skip
    return headline, shown, wanted, issuer_id(claims.lsp_id) if claims.lsp_id else None


def check_jws(token: str, keys: dict[str, Ed25519PublicKey], now: datetime) -> Checked | None:
    """A certificate's credential checked (None: a status list, checked and shown)."""
    verified = vc_jose.verify(token, keys)
    credential = verified.credential
    if "BitstringStatusListCredential" in credential.get("type", []):
        listed = read_list(token, keys, now)
        print(f"VALID: status list genuine (key {listed.kid}), within validity")
        set_bits = sum(bin(byte).count("1") for byte in listed.bits)
        print(json.dumps({"id": listed.url, "statusPurpose": listed.purpose.value,
                          "bits": len(listed.bits) * 8, "set": set_bits}, indent=2))  # fmt: skip
        return None
    check_credential(credential, now)
    headline = f"credential genuine (key {verified.kid}), within validity"
    subject = credential.get("credentialSubject") or {}
    shown = {name: credential.get(name) for name in ("id", "name", "validFrom", "validUntil")}
    shown["achievement"] = (subject.get("achievement") or {}).get("name")
    return headline, shown, status_entries_of(credential), None


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


def check_printed(path: Path, keys: dict[str, Ed25519PublicKey], today: date) -> list[Verified]:
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
    parser.add_argument("--status-list", action="append", type=Path, default=[],
                        help="a downloaded status list (JWS); once per list")  # fmt: skip
    parser.add_argument("payload", help="the QR payload text (KC1:...), a PNG of the QR code, "
                        "a file with a credential or status list (JWS), a certificate PDF "
                        "(or a print file) or a decision document's PDF")  # fmt: skip
    args = parser.parse_args(argv)
    keys = public_keys(json.loads(args.keys.read_text()))
    if args.payload.lower().endswith(".pdf") and Path(args.payload).is_file():
        return pdf_file(Path(args.payload), keys)
    now = datetime.now(UTC)
    try:
        lists = [read_list(path.read_text().strip(), keys, now) for path in args.status_list]
        text = _text(args.payload)
        checked = (
            check_qr(text, keys, now) if text.startswith(PREFIX) else check_jws(text, keys, now)
        )
        if checked is None:
            return 0
        headline, shown, wanted, issuer = checked
        refusals = statuses(lists, wanted, issuer, now)
    except REFUSED as refused:
        print(f"INVALID: {refused}")
        return 1
    if refusals:
        print(f"{' and '.join(refusals)}: {headline}, but the LSP's status list marks it")
    else:
        print(f"VALID: {headline}")
    print(json.dumps(shown, indent=2))
    return 1 if refusals else 0


def pdf_file(path: Path, keys: dict[str, Ed25519PublicKey]) -> int:
    """A decision document if it carries a document signature, else certificates' pages."""
    pdf = path.read_bytes()
    if check_signed_pdf(pdf, keys).sha256 is not None:
        return document(pdf, keys)
    try:
        checked = check_printed(path, keys, datetime.now(WIB).date())
    except InvalidPayload as refused:
        print(f"INVALID: {refused}")
        return 1
    print(f"VALID: {len(checked)} page(s), each signature genuine, within validity and "
          "as printed: " + ", ".join(v.claims.number for v in checked))  # fmt: skip
    return 0


def document(pdf: bytes, keys: dict[str, Ed25519PublicKey]) -> int:
    checked = check_signed_pdf(pdf, keys)
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
