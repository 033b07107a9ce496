"""Bank files as admins upload them: XLSX read into rows numbered as the spreadsheet shows
them, the file refused as a whole when it is not a bank file, and the seeded banks good."""

from __future__ import annotations

import io
from uuid import uuid4

import openpyxl
import pytest
from bank_samples import AT, UNIT_CODES, bank_rows, units

from assessment.banks.adapters import bank_table
from assessment.banks.adapters.bank_table import read_bank_table
from assessment.banks.domain.bank_file import check_file
from assessment.banks.domain.bank_items import ItemKind
from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.domain.draw import draw
from assessment.banks.domain.instruments import instruments_per_unit
from assessment.banks.domain.question_bank import BankVersionPublished
from assessment.banks.seed import bank_rows as seed_rows
from assessment.banks.seed import seed_files
from assessment.banks.seed.workbook import workbook
from kompeten_contracts.errors import Kind, Refusal


def test_an_xlsx_with_bad_rows_is_answered_row_by_row_with_the_spreadsheets_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kode Soal", "Jenis", "Unit Kompetensi", "Pertanyaan", "Opsi A", "Opsi B",
                  "Opsi C", "Opsi D", "Kunci Jawaban", "Panduan Asesor"])  # fmt: skip
    unit = UNIT_CODES[0]
    sheet.append(["K-1", "Pilihan Ganda", unit, "Setoran kurang?", "a", "b", "c", "d", "B", None])
    sheet.append([])  # an empty row 3 is skipped but still counted
    sheet.append(["K-2", "pilihan ganda", unit, "Kas awal?", "a", "b", "c", None, "A", None])
    sheet.append(["K-3", "esai", unit, "Jelaskan penutupan kas", None, None, None, None, None])
    sheet.append(["K-1", "lisan", "M.1", "Apa isi slip?", None, None, None, None, None, "nama"])
    out = io.BytesIO()
    book.save(out)

    rows = read_bank_table(out.getvalue())
    assert [n for n, _ in rows] == [2, 4, 5, 6]
    content, problems = check_file(rows, units(), "KOP-KASIR", 1)
    assert content is None
    assert [(p.row, p.column) for p in problems] == [
        (2, "kode"), (4, "opsi_a"), (5, "panduan"), (6, "kode"), (6, "unit")
    ]  # fmt: skip
    assert problems[0].reason_id == "kode sama dengan baris 6"
    assert problems[0].reason_en == "same code as row(s) 6"


def test_a_file_that_is_no_bank_file_is_refused_whole() -> None:
    with pytest.raises(Refusal) as csv:
        read_bank_table(b"kode;jenis;unit;teks\n")
    assert (csv.value.kind, csv.value.field) == (Kind.UNSUPPORTED, "file")
    with pytest.raises(Refusal) as broken:
        read_bank_table(b"PK\x03\x04 not really a zip")
    assert broken.value.field == "file"
    with pytest.raises(Refusal) as columns:
        read_bank_table(workbook([], headers=["kode", "teks", "catatan"]))
    assert [p.field for p in columns.value.problems] == ["jenis", "unit"]
    with pytest.raises(Refusal) as empty:
        read_bank_table(workbook([]))
    assert empty.value.reason_en == "the file holds no questions"


def test_a_file_over_the_limits_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bank_table, "MAX_ROWS", 10)
    with pytest.raises(Refusal) as rows:
        read_bank_table(workbook(bank_rows(per_unit=3)))
    assert (rows.value.kind, rows.value.reason_en) == (Kind.TOO_LARGE, "at most 10 rows")
    with pytest.raises(Refusal) as size:
        read_bank_table(b"PK\x03\x04" + bytes(bank_table.MAX_FILE_BYTES))
    assert size.value.kind is Kind.TOO_LARGE


@pytest.mark.parametrize("data", seed_files(), ids=lambda d: d["scheme_code"])
def test_each_seeded_bank_is_a_good_file_that_supplies_forty_questions(data: dict) -> None:
    codes = list(data["units"])
    scheme = units(codes)
    content, problems = check_file(read_bank_table(workbook(seed_rows(data))), scheme,
                                   data["scheme_code"], 1)  # fmt: skip
    assert problems == [] and content is not None
    for unit in codes:
        assert len(content.of_kind(ItemKind.MULTIPLE_CHOICE, unit)) >= 12
        assert 1 <= len(content.of_kind(ItemKind.ESSAY, unit)) <= 2
        assert content.of_kind(ItemKind.INTERVIEW, unit)
    keys = {i.correct for i in content.of_kind(ItemKind.MULTIPLE_CHOICE)}
    assert keys == {0, 1, 2, 3}  # the correct option is not always in one place
    assert {i.group for i in content.of_kind(ItemKind.INTERVIEW)} == {data["group"]}
    bank = BankVersion.of(BankVersionPublished(
        lsp_id=uuid4(), scheme_code=data["scheme_code"], actor=uuid4(), at=AT, version=1,
        per_unit=10, content=content, instruments=instruments_per_unit(content, scheme),
    ))  # fmt: skip
    assert len(draw(bank, 10, "demo")) == 40
