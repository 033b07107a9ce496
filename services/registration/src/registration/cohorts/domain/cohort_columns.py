"""The columns of a cohort file and the words accepted in them (Bahasa Indonesia or English,
any case, spaces or underscores)."""

from __future__ import annotations

import re

from registration.catalogue.domain.cooperative_terms import (
    LABELS,
    CooperativeRole,
    OccupationalGroup,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no nik", "nomor nik", "nomor induk kependudukan"),
    "full_name": ("nama lengkap", "nama", "full name", "name"),
    "email": ("email", "e-mail", "alamat email", "alamat e-mail"),
    "phone": ("no hp", "nomor hp", "no telepon", "nomor telepon", "hp", "phone"),
    "cooperative": (
        "nomor badan hukum koperasi", "nomor badan hukum", "no badan hukum",
        "badan hukum koperasi", "id koperasi", "cooperative id", "cooperative_id",
        "legal number", "koperasi",
    ),
    "role": ("jabatan", "role"),
    "occupational_group": ("kelompok jabatan", "occupational group", "occupational_group"),
    "district_code": ("kode kabupaten", "kode kabupaten/kota", "kode kab", "district code",
                      "district_code"),
}  # fmt: skip
REQUIRED = ("nik", "full_name", "email", "cooperative", "role", "occupational_group")
_HEADER = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def _key(text: str) -> str:
    return re.sub(r"[\s_.]+", " ", text.strip().lower()).strip()


def column_of(header: str) -> str | None:
    return _HEADER.get(_key(header))


def _aliases(terms: list[OccupationalGroup] | list[CooperativeRole]) -> dict[str, str]:
    found: dict[str, str] = {}
    for term in terms:
        found[_key(term.value)] = term.value
        for text in (*LABELS[term], *LABELS[term][0].split("/")):
            found.setdefault(_key(text), term.value)
    return found


_ROLES = _aliases(list(CooperativeRole))
_GROUPS = {**_aliases(list(OccupationalGroup)), "sekretaris": OccupationalGroup.CLERK.value}


def role_of(text: str) -> CooperativeRole | None:
    found = _ROLES.get(_key(text))
    return CooperativeRole(found) if found else None


def group_of(text: str) -> OccupationalGroup | None:
    found = _GROUPS.get(_key(text))
    return OccupationalGroup(found) if found else None
