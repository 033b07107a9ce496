"""Read an uploaded spreadsheet (XLSX, its first sheet) into rows of named cells, as
registration's cohort import reads its files: the content decides what the file is (never its
name or the client's type), and limits keep one upload bounded (size, rows, unpacked size).
Assessment's question banks and training completions and certificate's blanko numbers read
their files through it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from kompeten_contracts.errors import Kind, Problem, Refusal, refuse

MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # a zip bomb stops here
Rows = list[tuple[int, dict[str, str]]]  # spreadsheet row number, column name -> text


@dataclass(frozen=True)
class Sheet:
    """What one kind of file holds: its columns (header text -> column name, None: ignored),
    the columns it cannot do without, its limits and how to say it has no data rows."""

    column_of: Callable[[str], str | None]
    required: Sequence[str]
    max_bytes: int
    max_rows: int
    no_rows: tuple[str, str]  # reason in Bahasa Indonesia, in English


def read_sheet(content: bytes, sheet: Sheet) -> Rows:
    if len(content) > sheet.max_bytes:
        raise refuse(
            "file",
            f"berkas melebihi {sheet.max_bytes} byte",
            f"file exceeds {sheet.max_bytes} bytes",
            Kind.TOO_LARGE,
        )
    if not content.startswith(b"PK\x03\x04"):
        raise _not_xlsx()
    lines = [
        (n, cells)
        for n, cells in _xlsx_lines(content, sheet.max_rows)
        if any(c.strip() for c in cells)
    ]
    if not lines:
        raise refuse("file", "berkas kosong", "the file is empty")
    (_, header), data = lines[0], lines[1:]
    columns = [sheet.column_of(h) for h in header]
    missing = [name for name in sheet.required if name not in columns]
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
        raise refuse("file", *sheet.no_rows)
    return [
        (n, {c: v for c, v in zip(columns, cells, strict=False) if c is not None})
        for n, cells in data
    ]


def _not_xlsx() -> Refusal:
    return refuse("file", "berkas harus XLSX", "the file must be XLSX", Kind.UNSUPPORTED)


def _xlsx_lines(content: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
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
        # min_row=1: the row numbers the uploader sees in the spreadsheet, empty rows counted.
        for number, values in enumerate(
            book.worksheets[0].iter_rows(min_row=1, values_only=True), 1
        ):
            if number > max_rows + 1:
                raise refuse(
                    "file",
                    f"paling banyak {max_rows} baris",
                    f"at most {max_rows} rows",
                    Kind.TOO_LARGE,
                )
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
