"""Bank files as an LSP's admin would fill them: rows of the template's columns written to
an XLSX workbook (the seed's banks go through the same upload as any admin's file)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from assessment.banks.domain.bank_columns import COLUMNS

HEADERS = tuple(COLUMNS)  # kode, jenis, unit, teks, opsi_a .. opsi_e, kunci, panduan, kelompok


def workbook(rows: Sequence[dict[str, str]], headers: Sequence[str] = HEADERS) -> bytes:
    """An XLSX file of `rows` (column name -> text) under `headers`, first sheet."""
    import openpyxl  # only for spreadsheets: it is slow to import

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "bank soal"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(column, "") for column in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
