"""Read an uploaded cohort file into rows: CSV (UTF-8, `,` `;` or tab) or XLSX, told apart by
their content, never by the name or the client's type. Limits keep one upload bounded."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from kompeten_contracts.errors import Kind, Problem, Refusal, refuse
from registration.cohorts.application.ports import CohortTable
from registration.cohorts.domain.cohort_columns import COLUMNS, REQUIRED, column_of

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_XLSX_UNPACKED = 100 * 1024 * 1024  # a zip bomb stops here


def read_table(content: bytes) -> CohortTable:
    if len(content) > MAX_FILE_BYTES:
        raise refuse("file", f"berkas melebihi {MAX_FILE_BYTES} byte",
                     f"file exceeds {MAX_FILE_BYTES} bytes", Kind.TOO_LARGE)  # fmt: skip
    if content.startswith(b"PK\x03\x04"):
        kind, lines = "xlsx", _xlsx_lines(content)
    elif b"\x00" not in content[:4096] and content.strip():
        kind, lines = "csv", _csv_lines(content)
    else:
        raise refuse(
            "file", "berkas harus CSV atau XLSX", "the file must be CSV or XLSX", Kind.UNSUPPORTED
        )
    rows = [(n, cells) for n, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)]
    if not rows:
        raise refuse("file", "berkas kosong", "the file is empty")
    (_, header), data = rows[0], rows[1:]
    columns = [column_of(h) for h in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise Refusal([Problem(name, f"kolom wajib tidak ada ({COLUMNS[name][0]})",
                               f"required column missing ({COLUMNS[name][0]})")
                       for name in missing])  # fmt: skip
    if len(data) > MAX_ROWS:
        raise refuse(
            "file", f"paling banyak {MAX_ROWS} baris", f"at most {MAX_ROWS} rows", Kind.TOO_LARGE
        )
    return CohortTable(kind, [
        (n, {c: v for c, v in zip(columns, cells, strict=False) if c is not None})
        for n, cells in data
    ])  # fmt: skip


def _csv_lines(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("file", "CSV harus berenkode UTF-8", "CSV must be UTF-8 encoded") from exc
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_lines(content: bytes) -> list[list[str]]:
    import openpyxl  # only for spreadsheets: it is slow to import

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise refuse(
                    "file", "isi XLSX terlalu besar", "XLSX content too large", Kind.TOO_LARGE
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise refuse(
                    "file",
                    "berkas harus CSV atau XLSX",
                    "the file must be CSV or XLSX",
                    Kind.UNSUPPORTED,
                )
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Refusal:
        raise  # a Refusal is a ValueError too: ours, not the reader's
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise refuse("file", "XLSX rusak atau tidak terbaca", "unreadable XLSX file") from exc
    try:
        sheet = book.worksheets[0]
        lines = []
        for values in sheet.iter_rows(values_only=True):
            lines.append([_cell(v) for v in values])
            if len(lines) > MAX_ROWS + 1:
                raise refuse(
                    "file",
                    f"paling banyak {MAX_ROWS} baris",
                    f"at most {MAX_ROWS} rows",
                    Kind.TOO_LARGE,
                )
        return lines
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a NIK typed as a number
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
