"""The authority's XLSX as rows: the first sheet, a header row naming `nomor_sertifikat` and
`nomor_blanko` (spaces or case as the authority writes them), read through the kit's one
spreadsheet reader (servicekit.spreadsheets: size, rows and unpacked-size limits)."""

from __future__ import annotations

from certificate.blanko.domain.blanko_rows import MAX_ROWS, BlankoRow, tidy
from servicekit.spreadsheets import Sheet, read_sheet

MAX_FILE_BYTES = 5 * 1024 * 1024
COLUMNS = {
    "nomor_sertifikat": "nomor_sertifikat", "no_sertifikat": "nomor_sertifikat",
    "certificate_number": "nomor_sertifikat", "nomor_blanko": "nomor_blanko",
    "no_blanko": "nomor_blanko", "no_registrasi": "nomor_blanko", "blanko_number": "nomor_blanko",
}  # fmt: skip


def column_of(header: str) -> str | None:
    return COLUMNS.get("_".join(header.lower().replace(".", " ").split()))


SHEET = Sheet(
    column_of=column_of,
    required=("nomor_sertifikat", "nomor_blanko"),
    max_bytes=MAX_FILE_BYTES,
    max_rows=MAX_ROWS,
    no_rows=("berkas tanpa baris nomor blanko", "the file has no blanko number rows"),
)


def read_blanko_table(content: bytes) -> list[BlankoRow]:
    return [BlankoRow(n, tidy(cells.get("nomor_sertifikat", "")),
                      tidy(cells.get("nomor_blanko", "")))
            for n, cells in read_sheet(content, SHEET)]  # fmt: skip
