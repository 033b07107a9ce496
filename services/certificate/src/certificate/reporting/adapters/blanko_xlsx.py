"""The blanko request package as a workbook (openpyxl): a sheet for the K list, one for the BK
list and one for the decision it rests on (berita acara), headed in Bahasa Indonesia."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from certificate.printing.domain.wording import tanggal
from certificate.reporting.application.blanko_request import BlankoPackage, Line

K_COLUMNS = ("No", "Nomor Sertifikat", "Nama Pemegang", "ID Peserta", "Skema", "Versi",
             "Kabupaten/Kota", "Tanggal Terbit", "Berlaku Sampai", "Tanggal Keputusan")  # fmt: skip
BK_COLUMNS = ("No", "Nama Peserta", "ID Peserta", "Skema", "Versi", "Kabupaten/Kota",
              "Tanggal Keputusan")  # fmt: skip


def k_row(n: int, line: Line) -> list[object]:
    r = line.row
    return [n, r.certificate_number, line.holder_name or "", str(r.candidate_id), r.scheme_code,
            r.scheme_version, r.district_code, r.issued_on, r.valid_until,
            r.decided_at.date()]  # fmt: skip


def bk_row(n: int, line: Line) -> list[object]:
    r = line.row
    return [n, line.holder_name or "", str(r.candidate_id), r.scheme_code, r.scheme_version,
            r.district_code, r.decided_at.date()]  # fmt: skip


class BlankoWorkbook:
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    suffix = "xlsx"

    def render(self, package: BlankoPackage) -> bytes:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Kompeten (K)"
        self._table(sheet, K_COLUMNS, [k_row(n, line) for n, line in
                                       enumerate(package.competent, start=1)])  # fmt: skip
        self._table(
            book.create_sheet("Belum Kompeten (BK)"),
            BK_COLUMNS,
            [bk_row(n, line) for n, line in enumerate(package.not_yet_competent, 1)],
        )
        minutes = book.create_sheet("Berita Acara")
        for row in minutes_lines(package):
            minutes.append(row)
        minutes["A1"].font = Font(bold=True)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _table(self, sheet: object, columns: tuple[str, ...], rows: list[list[object]]) -> None:
        sheet.append(list(columns))  # type: ignore[attr-defined]
        for cell in sheet[1]:  # type: ignore[index]
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)  # type: ignore[attr-defined]


def minutes_lines(package: BlankoPackage) -> list[list[object]]:
    """The decision document's words, shared by the workbook and the PDF."""
    return [
        ["BERITA ACARA KEPUTUSAN SERTIFIKASI DAN PERMOHONAN BLANKO SERTIFIKAT"],
        ["Lembaga Sertifikasi Profesi", package.lsp_name],
        ["Lisensi BNSP", package.licence or "-"],
        ["Sesi asesmen", str(package.session_id)],
        ["Skema", ", ".join(package.schemes)],
        ["Jumlah kompeten (K)", len(package.competent)],
        ["Jumlah belum kompeten (BK)", len(package.not_yet_competent)],
        ["Jumlah blanko yang dimohon", len(package.competent)],
        ["Dibuat di", f"{package.city}, {tanggal(package.made_at.date())}"],
        ["Penanggung jawab", f"{package.signatory_name}, {package.signatory_title}"],
        ["Dokumen keputusan (berita acara pleno)", document_line(package)],
    ]


def document_line(package: BlankoPackage) -> str:
    document = package.decision_document
    decided = len(package.competent) + len(package.not_yet_competent)
    if document is None:
        return "belum dibuat (not generated yet)"
    line = (f"versi {document.version}, {document.decided} keputusan, ditandatangani "
            f"Ed25519 kunci {document.kid}, SHA-256 {document.sha256}")  # fmt: skip
    if document.decided != decided:
        line += f"; belum memuat semua {decided} keputusan (not all decisions yet)"
    return line
