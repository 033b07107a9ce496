"""A row of a training-completion file (XLSX, first sheet): its columns, in Bahasa Indonesia
or English, and the row's cells read into typed values, every unreadable cell named."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

COLUMNS: dict[str, tuple[str, ...]] = {
    "kandidat": ("kandidat", "id kandidat", "candidate", "candidate id"),
    "skema": ("skema", "kode skema", "scheme", "scheme code"),
    "modul": ("modul", "kode modul", "module", "module code"),
    "tanggal_selesai": ("tanggal selesai", "tanggal", "completed on", "completion date", "date"),
    "referensi": (
        "referensi",
        "referensi penyelenggara",
        "no sertifikat",
        "provider ref",
        "reference",
    ),
    "pelatih": ("pelatih", "id pelatih", "trainer", "trainer id"),
}
REQUIRED = ("kandidat", "skema", "modul", "tanggal_selesai", "referensi")
# The attribute of a completion each column fills (completion_rules names attributes).
COLUMN_OF = {
    "candidate_id": "kandidat",
    "scheme_code": "skema",
    "module_code": "modul",
    "completed_on": "tanggal_selesai",
    "provider_ref": "referensi",
    "trainer_id": "pelatih",
}
_HEADER = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason_id: str
    reason_en: str


@dataclass(frozen=True)
class CompletionRow:
    row: int
    candidate_id: UUID
    scheme_code: str
    module_code: str
    completed_on: date
    provider_ref: str
    trainer_id: UUID | None


def column_of(header: str) -> str | None:
    return _HEADER.get(re.sub(r"[\s_.]+", " ", header.strip().lower()).strip())


def read_row(row: int, cells: dict[str, str]) -> tuple[CompletionRow | None, list[RowProblem]]:
    value = {name: " ".join((cells.get(name) or "").split()) for name in COLUMNS}
    problems = [
        RowProblem(row, name, "wajib diisi", "required") for name in REQUIRED if not value[name]
    ]
    candidate_id = _uuid(value["kandidat"])
    trainer_id = _uuid(value["pelatih"])
    completed_on = _date(value["tanggal_selesai"])
    for name, parsed, reason_id, reason_en in (
        ("kandidat", candidate_id, "bukan id kandidat (UUID)", "not a candidate id (UUID)"),
        ("pelatih", trainer_id, "bukan id akun pelatih (UUID)", "not a trainer account id (UUID)"),
        (
            "tanggal_selesai",
            completed_on,
            "tanggal tidak terbaca (2026-05-01 atau 01/05/2026)",
            "unreadable date (2026-05-01 or 01/05/2026)",
        ),
    ):
        if value[name] and parsed is None:
            problems.append(RowProblem(row, name, reason_id, reason_en))
    if problems or candidate_id is None or completed_on is None:
        return None, problems
    return CompletionRow(
        row,
        candidate_id,
        value["skema"].upper(),
        value["modul"].upper(),
        completed_on,
        value["referensi"],
        trainer_id,
    ), []


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text) if text else None
    except ValueError:
        return None


def _date(text: str) -> date | None:
    if day_first := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in day_first.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    try:  # ISO, or a date cell as the reader writes it (2026-05-01T00:00:00)
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        return None
