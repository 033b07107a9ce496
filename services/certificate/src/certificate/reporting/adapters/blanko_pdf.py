"""The blanko request package as PDF (fpdf2, A4 landscape): the decision document first, then
the K list and the BK list as tables, headed on every page they run over."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fpdf import FPDF

from certificate.printing.adapters.certificate_pdf import FIXED_DATE, latin
from certificate.printing.domain.wording import tanggal
from certificate.reporting.adapters.blanko_xlsx import (
    BK_COLUMNS,
    K_COLUMNS,
    bk_row,
    k_row,
    minutes_lines,
)
from certificate.reporting.application.blanko_request import BlankoPackage

K_WIDTHS = (10, 42, 50, 68, 24, 12, 22, 26, 26)  # the last column (decision date) dropped
BK_WIDTHS = (10, 60, 70, 30, 14, 28, 30)


class BlankoPdf:
    media_type = "application/pdf"
    suffix = "pdf"

    def render(self, package: BlankoPackage) -> bytes:
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_creation_date(FIXED_DATE)
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_page()
        [title, *pairs] = minutes_lines(package)
        pdf.set_font("Times", "B", 14)
        pdf.cell(0, 10, latin(str(title[0])), new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("Times", "", 11)
        for label, value in pairs:
            pdf.cell(70, 7, latin(str(label)))
            pdf.cell(0, 7, latin(f": {value}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(12)
        pdf.cell(0, 7, latin(package.signatory_name), new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 7, latin(package.signatory_title), new_x="LMARGIN", new_y="NEXT")
        self._table(
            pdf,
            "Daftar Kompeten (K)",
            K_COLUMNS[:-1],
            K_WIDTHS,
            [k_row(n, line)[:-1] for n, line in enumerate(package.competent, 1)],
        )
        self._table(
            pdf,
            "Daftar Belum Kompeten (BK)",
            BK_COLUMNS,
            BK_WIDTHS,
            [bk_row(n, line) for n, line in enumerate(package.not_yet_competent, 1)],
        )
        return bytes(pdf.output())

    def _table(self, pdf: FPDF, title: str, columns: Sequence[str], widths: Sequence[int],
               rows: list[list[object]]) -> None:  # fmt: skip
        pdf.add_page()
        pdf.set_font("Times", "B", 12)
        pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=6,
                       first_row_as_headings=True, repeat_headings=1) as table:  # fmt: skip
            pdf.set_font("Times", "", 8)
            table.row([latin(c) for c in columns])
            for row in rows:
                table.row([latin(_text(v)) for v in row])


def _text(value: object) -> str:
    if isinstance(value, date):
        return tanggal(value)
    return "" if value is None else str(value)
