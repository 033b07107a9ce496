"""Read an uploaded question-bank file (XLSX, its first sheet) into rows, as registration's
cohort import reads its spreadsheets: the content decides what the file is (never its name or
the client's type), and limits keep one upload bounded (size, rows, unpacked size)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from assessment.banks.domain.bank_columns import REQUIRED, column_of
from assessment.banks.domain.bank_file import Rows
from kompeten_contracts.errors import Kind, Problem, Refusal, refuse

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # a zip bomb stops here


def read_bank_table(content: bytes) -> Rows:
    if len(content) > MAX_FILE_BYTES:
        raise refuse("file", f"berkas melebihi {MAX_FILE_BYTES} byte",
                     f"file exceeds {MAX_FILE_BYTES} bytes", Kind.TOO_LARGE)  # fmt: skip
    if not content.startswith(b"PK\x03\x04"):
        raise _not_xlsx()
    lines = [(n, cells) for n, cells in _xlsx_lines(content) if any(c.strip() for c in cells)]
    if not lines:
        raise refuse("file", "berkas kosong", "the file is empty")
    (_, header), data = lines[0], lines[1:]
    columns = [column_of(h) for h in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise Refusal(
            [
                Problem(
                    name, f"kolom wajib tidak ada ({name})", f"required column missing ({name})"
                )
                for name in missing
            ]
        )
    if not data:
        raise refuse("file", "berkas tidak berisi soal", "the file holds no questions")
    return [
        (n, {c: v for c, v in zip(columns, cells, strict=False) if c is not None})
        for n, cells in data
    ]


def _not_xlsx() -> Refusal:
    return refuse("file", "berkas harus XLSX", "the file must be XLSX", Kind.UNSUPPORTED)


def _too_many() -> Refusal:
    return refuse(
        "file", f"paling banyak {MAX_ROWS} baris", f"at most {MAX_ROWS} rows", Kind.TOO_LARGE
    )


def _xlsx_lines(content: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl  # only for spreadsheets: it is slow to import

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise refuse(
                    "file", "isi XLSX terlalu besar", "XLSX content too large", Kind.TOO_LARGE
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise _not_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Refusal:
        raise  # a Refusal is a ValueError too: ours, not the reader's
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise refuse("file", "XLSX rusak atau tidak terbaca", "unreadable XLSX file") from exc
    try:
        lines = []
        # min_row=1: the row numbers the admin sees in the spreadsheet, empty rows counted.
        for number, values in enumerate(
            book.worksheets[0].iter_rows(min_row=1, values_only=True), 1
        ):
            if number > MAX_ROWS + 1:
                raise _too_many()
            lines.append((number, [_cell(v) for v in values]))
        return lines
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
