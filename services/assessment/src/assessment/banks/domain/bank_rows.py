"""One row of a question-bank file, checked on its own: what each column means for the row's
kind, and every reason the row cannot be taken."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assessment.banks.domain.bank_columns import COLUMNS, OPTION_COLUMNS, REQUIRED, kind_of
from assessment.banks.domain.bank_items import MAX_OPTIONS, MIN_OPTIONS, BankItem, ItemKind

ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
GROUP = re.compile(r"^[a-z][a-z_]{1,39}$")
MAX_TEXT, MAX_OPTION, MAX_GUIDANCE = 2000, 500, 2000
_LETTERS = "ABCDE"
_Problem = Callable[[str, str, str], None]
_Choice = tuple[tuple[str, ...], int | None]


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason_id: str
    reason_en: str


def check_row(row: int, cells: dict[str, str]) -> tuple[BankItem | None, list[RowProblem]]:
    """`cells` maps column names (COLUMNS keys) to the cell text."""
    problems: list[RowProblem] = []

    def problem(column: str, reason_id: str, reason_en: str) -> None:
        problems.append(RowProblem(row, column, reason_id, reason_en))

    value = {name: " ".join((cells.get(name) or "").split()) for name in COLUMNS}
    for name in REQUIRED:
        if not value[name]:
            problem(name, "wajib diisi", "required")
    if value["kode"] and not ITEM_ID.match(value["kode"]):
        problem("kode", "kode: huruf/angka, '.', '-' atau '_', paling panjang 40",
                "code: letters/digits, '.', '-' or '_', at most 40")  # fmt: skip
    kind = kind_of(value["jenis"]) if value["jenis"] else None
    if value["jenis"] and kind is None:
        problem("jenis", "jenis tidak dikenal (pilihan_ganda, esai, lisan, wawancara, "
                "tugas_praktik, portofolio)", "unknown kind (multiple choice, essay, oral, "
                "interview, practical task, portfolio)")  # fmt: skip
    for name, limit in (("teks", MAX_TEXT), ("panduan", MAX_GUIDANCE)):
        if len(value[name]) > limit:
            problem(name, f"paling panjang {limit} karakter", f"at most {limit} characters")
    options, correct = _options(value, kind, problem)
    _kind_rules(value, kind, problem)
    if problems or kind is None:
        return None, problems
    return BankItem(item_id=value["kode"], kind=kind, unit_code=value["unit"], text=value["teks"],
                    options=options, correct=correct, guidance=value["panduan"] or None,
                    group=_group(value["kelompok"]) or None), []  # fmt: skip


def _options(value: dict[str, str], kind: ItemKind | None, problem: _Problem) -> _Choice:
    given = [value[c] for c in OPTION_COLUMNS]
    if kind is None:
        return (), None
    if kind is not ItemKind.MULTIPLE_CHOICE:
        for column in (*OPTION_COLUMNS, "kunci"):
            if value[column]:
                problem(column, "hanya untuk soal pilihan ganda", "for multiple choice only")
        return (), None
    count = len([o for o in given if o])
    last = max((n for n, o in enumerate(given) if o), default=-1)
    for n in range(last):
        if not given[n]:
            problem(OPTION_COLUMNS[n], "opsi diisi berurutan tanpa yang kosong",
                    "options are filled in order, none left empty")  # fmt: skip
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        problem("opsi_a", f"soal pilihan ganda perlu {MIN_OPTIONS} sampai {MAX_OPTIONS} opsi",
                f"multiple choice needs {MIN_OPTIONS} to {MAX_OPTIONS} options")  # fmt: skip
    for n, option in enumerate(given):
        if len(option) > MAX_OPTION:
            problem(OPTION_COLUMNS[n], f"paling panjang {MAX_OPTION} karakter",
                    f"at most {MAX_OPTION} characters")  # fmt: skip
        elif option and option.casefold() in [o.casefold() for o in given[:n]]:
            problem(OPTION_COLUMNS[n], "opsi ini sama dengan opsi sebelumnya",
                    "this option repeats an earlier one")  # fmt: skip
    key = value["kunci"].upper()
    if not key:
        problem("kunci", "wajib diisi: huruf opsi yang benar", "required: the correct option")
    elif len(key) != 1 or key not in _LETTERS[:count] or not given[_LETTERS.index(key)]:
        problem("kunci", "tepat satu jawaban benar: satu huruf opsi yang terisi (A-E)",
                "exactly one correct answer: the letter of a filled option (A-E)")  # fmt: skip
    else:
        return tuple(o for o in given if o), _LETTERS.index(key)
    return (), None


def _kind_rules(value: dict[str, str], kind: ItemKind | None, problem: _Problem) -> None:
    if kind in (ItemKind.ESSAY, ItemKind.ORAL) and not value["panduan"]:
        problem("panduan", "wajib diisi: panduan jawaban untuk asesor",
                "required: answer guidance for the assessor")  # fmt: skip
    if kind is ItemKind.INTERVIEW:
        if not value["kelompok"]:
            problem("kelompok", "wajib diisi: kelompok jabatan yang diwawancarai",
                    "required: the occupational group interviewed")  # fmt: skip
        elif not GROUP.match(_group(value["kelompok"])):
            problem("kelompok", "kelompok jabatan: huruf kecil, mis. bendahara",
                    "occupational group: lower-case letters, e.g. bendahara")  # fmt: skip
    elif kind is not None and value["kelompok"]:
        problem("kelompok", "hanya untuk pertanyaan wawancara", "for interview questions only")


def _group(text: str) -> str:
    return text.strip().lower().replace(" ", "_")
