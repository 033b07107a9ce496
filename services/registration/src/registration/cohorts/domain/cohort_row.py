"""One row of a cohort file, checked on its own: what each column means, and every reason a
row cannot be registered. Headers are matched in Bahasa Indonesia or English."""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from registration.candidates.domain.nik import InvalidNik, parse_nik
from registration.catalogue.domain.cooperative import normalise_legal_number
from registration.catalogue.domain.cooperative_terms import CooperativeRole, OccupationalGroup
from registration.cohorts.domain.cohort_columns import COLUMNS, REQUIRED, group_of, role_of
from registration.identity.domain.email_address import EMAIL_PATTERN, MAX_EMAIL_CHARS

_EMAIL = re.compile(EMAIL_PATTERN)
_PHONE = re.compile(r"^(?:\+?62|0)8\d{7,12}$")


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    reason_id: str
    reason_en: str


@dataclass(frozen=True)
class CohortRow:
    row: int
    nik: str
    full_name: str
    email: str
    phone: str | None
    cooperative_ref: str
    role: CooperativeRole
    occupational_group: OccupationalGroup
    district_code: str | None


def check_row(row: int, cells: dict[str, str]) -> tuple[CohortRow | None, list[RowProblem]]:
    """`cells` maps column names (COLUMNS keys) to the cell text."""
    problems: list[RowProblem] = []

    def problem(field: str, reason_id: str, reason_en: str) -> None:
        problems.append(RowProblem(row, field, reason_id, reason_en))

    value = {name: " ".join((cells.get(name) or "").split()) for name in COLUMNS}
    for name in REQUIRED:
        if not value[name]:
            problem(name, "wajib diisi", "required")
    if value["nik"]:
        try:
            parse_nik(value["nik"])
        except InvalidNik as exc:
            problem("nik", exc.reason_id, exc.reason_en)
    if len(value["full_name"]) > 200:
        problem(
            "full_name", "nama paling panjang 200 karakter", "name is longer than 200 characters"
        )
    email = value["email"].lower()
    if email and (len(email) > MAX_EMAIL_CHARS or not _EMAIL.match(email)):
        problem("email", "format e-mail tidak valid", "malformed e-mail address")
    phone = re.sub(r"[\s.-]", "", value["phone"]) or None
    if phone is not None and not _PHONE.match(phone):
        problem("phone", "nomor HP tidak valid (08... atau +628...)", "malformed mobile number")
    role, group = role_of(value["role"]), group_of(value["occupational_group"])
    if value["role"] and role is None:
        problem("role", "jabatan tidak dikenal (pengurus/pengawas/karyawan)",
                "unknown role (pengurus/pengawas/karyawan)")  # fmt: skip
    if value["occupational_group"] and group is None:
        problem("occupational_group", "kelompok jabatan tidak dikenal",
                "unknown occupational group")  # fmt: skip
    district = value["district_code"] or None
    if district is not None and not re.fullmatch(r"\d{4}", district):
        problem("district_code", "kode kabupaten harus 4 digit", "district code must be 4 digits")
    if problems or role is None or group is None:
        return None, problems
    return CohortRow(row, value["nik"], value["full_name"], email, phone,
                     cooperative_ref(value["cooperative"]), role, group, district), []  # fmt: skip


def cooperative_ref(raw: str) -> str:
    """A cooperative named by its id (UUID) or by its legal number, in one canonical form."""
    try:
        return str(UUID(raw.strip()))
    except ValueError:
        return normalise_legal_number(raw)
