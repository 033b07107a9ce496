"""The national authority's file of registration (blanko) numbers, row by row: each row pairs
a certificate number with its blanko number. A row is malformed when either is missing or is
not written as one; a certificate or a blanko number that appears twice in the file is refused
in every row it appears in (which of them the authority meant cannot be known)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kompeten_contracts.errors import Problem

CERTIFICATE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./\- ]{0,79}$")
BLANKO_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./\- ]{3,39}$")
MAX_ROWS = 5000


@dataclass(frozen=True)
class BlankoRow:
    row: int  # as the spreadsheet numbers it
    certificate_number: str
    blanko_number: str


def tidy(text: str) -> str:
    return " ".join(text.split())


MALFORMED_NUMBER = ("nomor sertifikat kosong atau tidak sah",
                    "the certificate number is missing or malformed")  # fmt: skip
TWICE_NUMBER = ("nomor sertifikat muncul lebih dari sekali dalam berkas",
                "the certificate number appears more than once in the file")  # fmt: skip
MALFORMED_BLANKO = (
    "nomor blanko kosong atau tidak sah (4-40 huruf, angka, . / -)",
    "the blanko number is missing or malformed (4-40 letters, digits, . / -)",
)
TWICE_BLANKO = ("nomor blanko muncul lebih dari sekali dalam berkas",
                "the blanko number appears more than once in the file")  # fmt: skip


def row_problems(rows: list[BlankoRow]) -> dict[int, list[Problem]]:
    """Each row's problems that the file alone shows (malformed, duplicated), by row."""
    numbers = Counter(r.certificate_number for r in rows if r.certificate_number)
    blankos = Counter(r.blanko_number for r in rows if r.blanko_number)
    problems: dict[int, list[Problem]] = {}
    for r in rows:
        found: list[tuple[str, tuple[str, str]]] = []
        if not CERTIFICATE_NUMBER.match(r.certificate_number):
            found.append(("nomor_sertifikat", MALFORMED_NUMBER))
        elif numbers[r.certificate_number] > 1:
            found.append(("nomor_sertifikat", TWICE_NUMBER))
        if not BLANKO_NUMBER.match(r.blanko_number):
            found.append(("nomor_blanko", MALFORMED_BLANKO))
        elif blankos[r.blanko_number] > 1:
            found.append(("nomor_blanko", TWICE_BLANKO))
        if found:
            problems[r.row] = [Problem(f"rows[{r.row}].{column}", *reason)
                               for column, reason in found]  # fmt: skip
    return problems
