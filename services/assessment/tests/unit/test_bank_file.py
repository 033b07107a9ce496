"""A bank file is checked whole: every bad row is named with its column and a reason in
Bahasa Indonesia and English, and a file with any bad row yields nothing."""

from __future__ import annotations

from bank_samples import UNIT_CODES, bank_rows, mc_row, numbered, units

from assessment.banks.domain.bank_file import BankFileRefused, check_file
from assessment.banks.domain.bank_items import ItemKind
from assessment.banks.domain.bank_rows import check_row

UNIT = UNIT_CODES[0]


def problems_of(row: dict[str, str]) -> list[tuple[str, str]]:
    item, problems = check_row(7, row)
    assert item is None
    assert all(p.row == 7 and p.reason_id and p.reason_en != p.reason_id for p in problems)
    return [(p.column, p.reason_en) for p in problems]


def test_a_good_file_becomes_the_bank_content_in_file_order() -> None:
    content, problems = check_file(numbered(bank_rows()), units(), "KOP-KASIR", 1)
    assert problems == [] and content is not None
    assert content.scheme_version == 1
    assert [i.item_id for i in content.items][:2] == ["U1-PG-01", "U1-PG-02"]
    first = content.items[0]
    assert first.kind is ItemKind.MULTIPLE_CHOICE and first.options[first.correct or 0].startswith(
        "Jawaban B"
    )
    interview = content.of_kind(ItemKind.INTERVIEW, UNIT)
    assert [(i.group, i.options) for i in interview] == [("bendahara", ())]


def test_a_multiple_choice_question_needs_four_or_five_options_and_one_correct() -> None:
    three = {k: v for k, v in mc_row("X1", UNIT).items() if k != "opsi_d"}
    assert ("opsi_a", "multiple choice needs 4 to 5 options") in problems_of(three)
    gap = mc_row("X2", UNIT, key="A", options=5) | {"opsi_c": ""}
    assert [c for c, _ in problems_of(gap)] == ["opsi_c"]
    two_keys = mc_row("X3", UNIT) | {"kunci": "A,C"}
    assert [c for c, _ in problems_of(two_keys)] == ["kunci"]
    empty_option_key = mc_row("X4", UNIT) | {"kunci": "E"}
    assert [c for c, _ in problems_of(empty_option_key)] == ["kunci"]
    no_key = mc_row("X5", UNIT) | {"kunci": ""}
    assert problems_of(no_key) == [("kunci", "required: the correct option")]
    same = mc_row("X6", UNIT) | {"opsi_d": "jawaban a untuk X6"}
    assert problems_of(same) == [("opsi_d", "this option repeats an earlier one")]


def test_each_kind_asks_for_its_own_columns() -> None:
    essay = {"kode": "E1", "jenis": "esai", "unit": UNIT, "teks": "Jelaskan", "kunci": "A"}
    assert sorted(c for c, _ in problems_of(essay)) == ["kunci", "panduan"]
    interview = {"kode": "W1", "jenis": "IA.09", "unit": UNIT, "teks": "Ceritakan"}
    assert [c for c, _ in problems_of(interview)] == ["kelompok"]
    oral = {"kode": "L1", "jenis": "lisan", "unit": UNIT, "teks": "Sebutkan",
            "panduan": "x", "kelompok": "kasir"}  # fmt: skip
    assert [c for c, _ in problems_of(oral)] == ["kelompok"]
    unknown = {"kode": "bad code!", "jenis": "kuis", "unit": "", "teks": ""}
    assert sorted(c for c, _ in problems_of(unknown)) == ["jenis", "kode", "teks", "unit"]


def test_a_file_with_bad_rows_yields_nothing_and_names_every_row() -> None:
    rows = bank_rows()
    rows[3] = rows[3] | {"kunci": "F"}  # row 5
    rows[10] = rows[10] | {"unit": "M.649000.099.01"}  # row 12
    rows[20] = rows[20] | {"kode": rows[0]["kode"]}  # row 22 repeats row 2's code
    content, problems = check_file(numbered(rows), units(), "KOP-KASIR", 1)
    assert content is None
    found = [(p.row, p.column) for p in problems]
    assert found == [(2, "kode"), (5, "kunci"), (12, "unit"), (22, "kode")]
    unit = next(p for p in problems if p.column == "unit")
    assert unit.reason_id == "unit M.649000.099.01 tidak ada di skema KOP-KASIR versi 1"
    refusal = BankFileRefused(problems)
    assert [p.field for p in refusal.problems][:2] == ["rows[2].kode", "rows[5].kunci"]
