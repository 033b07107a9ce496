"""Codes every assessment feature checks the same way: a scheme's code (as registration's
catalogue writes it) and a district's Kemendagri code (as registration's candidates carry it)."""

from __future__ import annotations

import re

from kompeten_contracts.errors import invalid

SCHEME_CODE = r"^[A-Z0-9]{2,12}(-[A-Z0-9]{1,12}){0,5}$"
DISTRICT_CODE = r"^[0-9]{4}$"


def check_scheme_code(code: str, field: str = "scheme_code") -> str:
    if not re.match(SCHEME_CODE, code):
        raise invalid(
            field,
            f"kode skema '{code[:40]}' tidak sesuai format, mis. KOP-KASIR",
            f"scheme code '{code[:40]}' is malformed, e.g. KOP-KASIR",
        )
    return code


def check_district_code(code: str, field: str = "district_code") -> str:
    if not re.match(DISTRICT_CODE, code) or code[2:] == "00":
        raise invalid(
            field,
            "kode kabupaten/kota harus 4 digit (Kemendagri)",
            "district code must be 4 digits (Kemendagri)",
        )
    return code


def normalised_text(text: str, field: str, least: int, most: int) -> str:
    """The text with its runs of whitespace made single, refused outside least..most chars."""
    tidy = " ".join(text.split())
    if not least <= len(tidy) <= most:
        raise invalid(field, f"panjang {least}-{most} karakter", f"{least}-{most} characters long")
    return tidy
