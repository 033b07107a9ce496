"""Read an uploaded completions file (XLSX, its first sheet) into rows, through the service's
one spreadsheet reader: at most 2 MB and 5,000 rows (a cohort's six modules many times over)."""

from __future__ import annotations

from assessment.shared.adapters.spreadsheet import Rows, Sheet, read_sheet
from assessment.training.domain.completion_rows import REQUIRED, column_of

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000


def read_completion_table(content: bytes) -> Rows:
    sheet = Sheet(
        column_of,
        REQUIRED,
        MAX_FILE_BYTES,
        MAX_ROWS,
        ("berkas tidak berisi penyelesaian modul", "the file holds no completions"),
    )
    return read_sheet(content, sheet)
