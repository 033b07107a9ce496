"""The columns of a question-bank file and the words accepted in them (Bahasa Indonesia or
English, any case, spaces, dots or underscores)."""

from __future__ import annotations

import re

from assessment.banks.domain.bank_items import ItemKind

OPTION_COLUMNS = ("opsi_a", "opsi_b", "opsi_c", "opsi_d", "opsi_e")
COLUMNS: dict[str, tuple[str, ...]] = {
    "kode": ("kode", "kode soal", "id", "code"),
    "jenis": ("jenis", "jenis soal", "instrumen", "kind", "type"),
    "unit": ("unit", "kode unit", "unit kompetensi", "unit code"),
    "teks": ("teks", "pertanyaan", "soal", "isi", "text", "question"),
    **{c: (f"opsi {c[-1]}", f"pilihan {c[-1]}", f"option {c[-1]}") for c in OPTION_COLUMNS},
    "kunci": ("kunci", "kunci jawaban", "jawaban benar", "answer", "correct"),
    "panduan": ("panduan", "panduan asesor", "panduan jawaban", "guidance"),
    "kelompok": ("kelompok", "kelompok jabatan", "occupational group", "group"),
}
REQUIRED = ("kode", "jenis", "unit", "teks")
_HEADER = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_KINDS: dict[str, ItemKind] = {
    "pilihan ganda": ItemKind.MULTIPLE_CHOICE, "pg": ItemKind.MULTIPLE_CHOICE,
    "ia 05": ItemKind.MULTIPLE_CHOICE, "multiple choice": ItemKind.MULTIPLE_CHOICE,
    "esai": ItemKind.ESSAY, "essay": ItemKind.ESSAY, "ia 06": ItemKind.ESSAY,
    "lisan": ItemKind.ORAL, "pertanyaan lisan": ItemKind.ORAL, "oral": ItemKind.ORAL,
    "ia 07": ItemKind.ORAL,
    "wawancara": ItemKind.INTERVIEW, "interview": ItemKind.INTERVIEW, "ia 09": ItemKind.INTERVIEW,
    "tugas praktik": ItemKind.PRACTICAL_TASK, "praktik": ItemKind.PRACTICAL_TASK,
    "practical task": ItemKind.PRACTICAL_TASK, "ia 02": ItemKind.PRACTICAL_TASK,
    "portofolio": ItemKind.PORTFOLIO, "portfolio": ItemKind.PORTFOLIO,
    "ia 08": ItemKind.PORTFOLIO,
}  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"[\s_.]+", " ", text.strip().lower()).strip()


def column_of(header: str) -> str | None:
    return _HEADER.get(_key(header))


def kind_of(text: str) -> ItemKind | None:
    return _KINDS.get(_key(text))
