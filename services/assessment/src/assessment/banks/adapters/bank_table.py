"""Read an uploaded question-bank file (XLSX, its first sheet) into rows, through the service's
one spreadsheet reader (shared.adapters.spreadsheet): the content decides what the file is, and
limits keep one upload bounded (size, rows, unpacked size)."""

from __future__ import annotations

from assessment.banks.domain.bank_columns import REQUIRED, column_of
from assessment.banks.domain.bank_file import Rows
from assessment.shared.adapters.spreadsheet import Sheet, read_sheet

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000


def read_bank_table(content: bytes) -> Rows:
    sheet = Sheet(
        column_of,
        REQUIRED,
        MAX_FILE_BYTES,
        MAX_ROWS,
        ("berkas tidak berisi soal", "the file holds no questions"),
    )
    return read_sheet(content, sheet)
