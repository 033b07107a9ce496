"""The offline verifier given a certificate PDF (one certificate or a print file): each page's
QR code is read from the page as drawn and checked against the saved key set, and what the page
prints (number, dates, unit codes) must be what the code signs. A page whose text was edited,
whose QR code was altered, or whose code was signed by a key retired from the set is refused,
naming the page and why."""

from __future__ import annotations

import base64
import io
import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest
from pypdf import PdfReader, PdfWriter

from certificate import verify as offline
from certificate.issuance.adapters.base45 import b45decode, b45encode
from certificate.issuance.adapters.qr_payload import PREFIX, InvalidPayload
from certificate.issuance.adapters.signing_keys import Ed25519Signer, KeyRing, keys_from_environment
from certificate.issuance.application.ports import QrClaims
from certificate.printing.adapters.certificate_pdf import CertificatePdf
from certificate.printing.application.ports import CertificatePrint, Letterhead, UnitLine
from certificate.printing.domain.calibration import Calibration

HEAD = Letterhead("LSP Koperasi Bali", "BNSP-LSP-0451-ID", "Denpasar", "Dr. I Made Suarta",
                  "Ketua LSP Koperasi Bali")  # fmt: skip
UNITS = tuple(UnitLine(f"M.702090.{n:03d}.01", f"Melakukan transaksi kas {n}") for n in (1, 2, 3))
TODAY = date(2027, 1, 1)


def ring(*kids: str) -> KeyRing:
    keys = ",".join(f"{kid}={base64.b64encode(os.urandom(32)).decode()}" for kid in kids)
    return keys_from_environment({"KOMPETEN_CERTIFICATE_KEYS": keys})


def page(keys: KeyRing, n: int) -> CertificatePrint:
    number, issued, until = f"KOP-KASIR/2026/{n:05d}", date(2026, 11, 23), date(2029, 11, 22)
    claims = QrClaims(
        base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode(),
        number,
        uuid4(),
        "KOP-KASIR",
        1,
        tuple(u.code for u in UNITS),
        issued,
        until,
    )
    return CertificatePrint(uuid4(), number, "Ni Luh Putu Ayu", "KOP-KASIR", 1,
                            "Kasir Koperasi Simpan Pinjam", None, UNITS, issued, until,
                            Ed25519Signer(keys).sign(claims).payload)  # fmt: skip


def printed(*pages: CertificatePrint) -> bytes:
    document = CertificatePdf().document(HEAD, Calibration(offset_x_mm=1.5, offset_y_mm=-2.0,
                                                           scale=1.004))  # fmt: skip
    for one in pages:
        document.add(one)
    return document.finish()


def edited(pdf: bytes, index: int, old: bytes, new: bytes) -> bytes:
    """The PDF with `old` replaced by `new` in page `index`'s drawing, as an editor saves it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    contents = writer.pages[index].get_contents()
    assert contents is not None
    data = contents.get_data()
    assert old in data
    contents.set_data(data.replace(old, new, 1))
    writer.pages[index].replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def checked(tmp_path: Path, pdf: bytes, keys: KeyRing) -> list[str]:
    (tmp_path / "print.pdf").write_bytes(pdf)
    return [v.claims.number for v in offline.check_printed(tmp_path / "print.pdf", keys.public(),
                                                       TODAY)]  # fmt: skip


def test_a_print_file_as_printed_is_genuine_page_by_page(tmp_path: Path) -> None:
    keys = ring("k1")
    pdf = printed(page(keys, 1), page(keys, 2))
    assert checked(tmp_path, pdf, keys) == ["KOP-KASIR/2026/00001", "KOP-KASIR/2026/00002"]
    (tmp_path / "keys.json").write_text(json.dumps(keys.key_set()))
    assert offline.main(["--keys", str(tmp_path / "keys.json"), str(tmp_path / "print.pdf")]) == 0


@pytest.mark.parametrize(("old", "new", "why"), [
    (b"KOP-KASIR/2026/00002", b"KOP-KASIR/2026/00007", "printed number"),
    (b"22 November 2029", b"22 November 2039", "printed validity"),
    (b"23 November 2026", b"23 November 2025", "printed issue date"),
    (b"M.702090.003.01", b"M.702090.009.01", "printed unit codes"),
])  # fmt: skip
def test_an_edited_page_is_refused_naming_the_page(tmp_path: Path, old: bytes, new: bytes,
                                                   why: str) -> None:  # fmt: skip
    keys = ring("k1")
    pdf = edited(printed(page(keys, 1), page(keys, 2)), 1, old, new)
    with pytest.raises(InvalidPayload, match=f"page 2: the {why}"):
        checked(tmp_path, pdf, keys)


def test_an_altered_qr_code_and_a_retired_key_are_refused(tmp_path: Path) -> None:
    keys, retired = ring("new"), ring("old")
    genuine = page(keys, 1)
    message = bytearray(b45decode(genuine.qr_payload.removeprefix(PREFIX)))
    message[40] ^= 0x01  # one bit of the signed claims, the code redrawn from it
    altered = replace(genuine, qr_payload=PREFIX + b45encode(bytes(message)))
    with pytest.raises(InvalidPayload, match="page 1: the signature does not match"):
        checked(tmp_path, printed(altered), keys)
    with pytest.raises(InvalidPayload, match="page 1: signed with key 'old'"):
        checked(tmp_path, printed(page(retired, 1)), keys)
    moved = replace(page(keys, 1), qr_payload=page(keys, 2).qr_payload)  # another's genuine code
    with pytest.raises(InvalidPayload, match="printed number"):
        checked(tmp_path, printed(moved), keys)
