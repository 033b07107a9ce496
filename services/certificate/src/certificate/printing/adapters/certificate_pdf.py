"""The official layout of a certificate as PDF pages (fpdf2; the choice is measured in
bench/arm_pdf.py): A4 portrait, the PDF core fonts (Times, nothing embedded: small and fast
files), every position in millimetres of the design moved by the LSP's calibration. The QR
code is drawn as vector rectangles, one per run of dark modules in a row: sharp on any printer
at any scale, where a bitmap would be resampled. On pre-printed blanks only what varies is
printed."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

from fpdf import FPDF

from certificate.printing.adapters.page_merge import merge_parts
from certificate.printing.adapters.page_processes import PageProcesses
from certificate.printing.adapters.qr_code import QrPlace, qr_drawing
from certificate.printing.application.ports import CertificatePrint, Letterhead
from certificate.printing.domain import wording as w
from certificate.printing.domain.calibration import MARK_A, MARK_B, Calibration

PAGE = (210.0, 297.0)
CENTRE = PAGE[0] / 2
QR_MM = 40.0  # within the 35-60 mm the QR payload is sized for (docs/certificate.md)
QR_AT = (20.0, 237.0)  # the code's top-left corner on the design
UNITS_TOP, UNITS_BOTTOM, ROW_MM = 134.0, 214.0, 6.0
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # the same bytes for the same pages


@functools.lru_cache(maxsize=4096)  # a batch's labels and unit titles repeat on every page
def latin(text: str) -> str:
    """The core fonts write Latin-1: a letter outside it is written without its accent (NFKD),
    anything else as '?'. Indonesian names are Latin letters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if ord(char) < 256:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 128)
        out.append(base or "?")
    return "".join(out)


class Sheet:
    """One FPDF document drawn in design millimetres through a calibration."""

    def __init__(self, calibration: Calibration) -> None:
        self.cal = calibration
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margin(0)
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_lang("id")
        self.pdf.set_creator("Kompeten")
        self._widths: dict[tuple[str, str, float], float] = {}

    def text(self, x: float, y: float, text: str, size: float, style: str = "",
             align: str = "L") -> None:  # fmt: skip
        size = self.cal.size(size)
        self.pdf.set_font("Times", style, size)
        text = latin(text)
        px, py = self.cal.point(x, y)
        if align == "C":
            px -= self.width(text, style, size) / 2
        elif align == "R":
            px -= self.width(text, style, size)
        self.pdf.text(px, py, text)

    def fit(self, x: float, y: float, text: str, size: float, width_mm: float,
            style: str = "", align: str = "L") -> None:  # fmt: skip
        """Text shrunk until it fits `width_mm` of the design (long names, long titles)."""
        while size > 7 and self.width(latin(text), style, size) > width_mm:
            size -= 0.5
        self.text(x, y, text, size, style, align)

    def width(self, text: str, style: str, size: float) -> float:
        """The text's width in the core font at `size`: measured once per document (a batch's
        labels, titles and the LSP's lines are the same on every page)."""
        key = (text, style, size)
        found = self._widths.get(key)
        if found is None:
            self.pdf.set_font("Times", style, size)
            found = self._widths[key] = self.pdf.get_string_width(text)
        return found

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.3) -> None:
        self.pdf.set_line_width(self.cal.length(width))
        self.pdf.line(*self.cal.point(x1, y1), *self.cal.point(x2, y2))

    def rect(self, x: float, y: float, w: float, h: float, style: str = "F") -> None:
        self.pdf.rect(*self.cal.point(x, y), self.cal.length(w), self.cal.length(h), style=style)

    def qr_place(self, x: float, y: float, size: float = QR_MM) -> QrPlace:
        """Where a code of `size` mm at design (x, y) lands, in the PDF's points."""
        left, top = self.cal.point(x, y)
        k = self.pdf.k
        return QrPlace(left * k, (self.pdf.h - top) * k, self.cal.length(size) * k)

    def qr(self, x: float, y: float, payload: str) -> None:
        """The code as qr_drawing draws it, written through fpdf2's _out (the version is
        pinned): its public rect() costs ~12 us a call, ~25 ms a page for a code's ~2,000
        runs."""
        self.pdf.set_fill_color(0)
        self.pdf._out(qr_drawing(payload, self.qr_place(x, y)))

    def output(self) -> bytes:
        return bytes(self.pdf.output())


class CertificateDocument:
    """One print file: a page per certificate, added as rendered."""

    def __init__(self, letterhead: Letterhead, calibration: Calibration) -> None:
        self.head = letterhead
        self.sheet = Sheet(calibration)

    def add(self, page: CertificatePrint) -> None:
        s, head, fixed = self.sheet, self.head, not self.head.preprinted
        s.pdf.add_page()
        if fixed:
            s.rect(10, 10, 190, 277, style="D")
            s.rect(12, 12, 186, 273, style="D")
            s.fit(CENTRE, 30, head.lsp_name.upper(), 16, 170, "B", "C")
            if head.licence:
                s.text(CENTRE, 37, f"{w.LICENCE}: {head.licence}", 10, "", "C")
            s.text(CENTRE, 55, w.TITLE, 26, "B", "C")
            s.text(CENTRE, 63, w.TITLE_EN, 12, "I", "C")
            s.text(CENTRE, 80, w.CERTIFIES, 12, "", "C")
            s.text(CENTRE, 85, w.CERTIFIES_EN, 9, "I", "C")
            s.text(CENTRE, 108, w.COMPETENT_IN, 12, "", "C")
            s.text(CENTRE, 113, w.COMPETENT_IN_EN, 9, "I", "C")
        check = f"   {w.CHECK_CODE}: {page.check_code}" if page.check_code else ""
        s.text(CENTRE, 71, f"{w.NUMBER}: {page.number}{check}", 12, "", "C")
        if page.blanko_number:
            s.text(CENTRE, 75.5, f"{w.BLANKO}: {page.blanko_number}", 9, "", "C")
        s.fit(CENTRE, 97, page.holder_name, 22, 170, "B", "C")
        s.fit(CENTRE, 122, page.scheme_title, 15, 170, "B", "C")
        level = f"{w.LEVEL}: {page.qualification_level}" if page.qualification_level else ""
        s.text(CENTRE, 128, " - ".join(x for x in (page.scheme_code, level) if x), 10, "", "C")
        self._units(page)
        s.text(20, 224, f"{w.ISSUED}: {w.tanggal(page.issued_on)}", 11)
        s.text(20, 230, f"{w.VALID_UNTIL}: {w.tanggal(page.valid_until)}", 11)
        s.qr(*QR_AT, page.qr_payload)
        if fixed:
            s.text(20, 281, w.VERIFY, 7, "I")
            s.text(20, 284, w.VERIFY_EN, 7, "I")
        s.text(190, 240, f"{head.city}, {w.tanggal(page.issued_on)}", 11, "", "R")
        if fixed:
            s.fit(190, 246, f"{w.ON_BEHALF} {head.lsp_name}", 11, 90, "", "R")
            s.line(120, 269, 190, 269)
        s.fit(190, 268, head.signatory_name, 11, 70, "B", "R")
        s.fit(190, 274, head.signatory_title, 10, 70, "", "R")

    def _units(self, page: CertificatePrint) -> None:
        s, fixed = self.sheet, not self.head.preprinted
        row = min(ROW_MM, (UNITS_BOTTOM - UNITS_TOP) / max(len(page.units), 1))
        size = 10 if row >= ROW_MM else max(6.5, row * 1.6)
        if fixed:
            s.text(20, UNITS_TOP - 2, w.UNITS, 10, "B")
            s.text(20, UNITS_TOP + 4, "No", 9, "B")
            s.text(30, UNITS_TOP + 4, w.UNIT_CODE, 9, "B")
            s.text(72, UNITS_TOP + 4, w.UNIT_TITLE, 9, "B")
            s.line(20, UNITS_TOP + 5.5, 190, UNITS_TOP + 5.5, 0.2)
        for n, unit in enumerate(page.units, start=1):
            y = UNITS_TOP + 5.5 + n * row - 1.5
            s.text(20, y, str(n), size)
            s.text(30, y, unit.code, size)
            s.fit(72, y, unit.title, size, 118)

    def finish(self) -> bytes:
        return self.sheet.output()


def rendered(letterhead: Letterhead, calibration: Calibration,
             pages: Sequence[CertificatePrint]) -> bytes:  # fmt: skip
    """One file of these pages: a print batch's part, in a page process or in place."""
    document = CertificateDocument(letterhead, calibration)
    for page in pages:
        document.add(page)
    return document.finish()


class CertificatePdf:
    """The renderer printing uses (application.ports.Renderer). A print batch is rendered in
    parts (a chunk of pages each, one file each) by `processes` page processes side by side
    (PageProcesses) and merged into one file (merge_parts); processes=0: each part in the
    calling thread. One certificate's file is rendered in place."""

    def __init__(self, processes: int = 2) -> None:
        self.processes = PageProcesses(processes, rendered) if processes > 0 else None

    def document(self, letterhead: Letterhead, calibration: Calibration) -> CertificateDocument:
        return CertificateDocument(letterhead, calibration)

    def part(self, letterhead: Letterhead, calibration: Calibration,
             pages: Sequence[CertificatePrint]) -> bytes:  # fmt: skip
        if self.processes is None:
            return rendered(letterhead, calibration, pages)
        return self.processes.rendered(letterhead, calibration, pages)

    def merged(self, parts: Sequence[bytes]) -> bytes:
        return merge_parts(parts)

    def close(self) -> None:
        if self.processes is not None:
            self.processes.close()

    def test_page(self, letterhead: Letterhead, calibration: Calibration) -> bytes:
        """Marks A and B as crosshairs with their designed positions written beside them, a
        millimetre ruler along the top and the left, and the LSP's name where the certificate
        prints it: print it on a blank, measure where A and B landed, and send the figures."""
        s = Sheet(calibration)
        s.pdf.add_page()
        for name, (x, y), side in (("A", MARK_A, "L"), ("B", MARK_B, "R")):
            s.line(x - 6, y, x + 6, y, 0.2)
            s.line(x, y - 6, x, y + 6, 0.2)
            s.text(x + 2 if side == "L" else x - 2, y + 5, f"{name} ({x:g}, {y:g}) mm", 8, "", side)
        for mm in range(10, 291, 10):
            tick = 6 if mm % 50 == 0 else 3
            if mm <= 200:
                s.line(mm, 0, mm, tick, 0.15)
            s.line(0, mm, tick, mm, 0.15)
        s.text(CENTRE, 45, "HALAMAN UJI KALIBRASI CETAK", 14, "B", "C")
        s.text(CENTRE, 51, "Print calibration test page", 10, "I", "C")
        s.text(
            CENTRE,
            60,
            f"geser x {calibration.offset_x_mm:g} mm, geser y "
            f"{calibration.offset_y_mm:g} mm, skala {calibration.scale:g}",
            10,
            "",
            "C",
        )
        s.fit(CENTRE, 30, letterhead.lsp_name.upper(), 16, 170, "B", "C")
        s.rect(*QR_AT, QR_MM, QR_MM, style="D")
        s.text(22, 257, "kode QR / QR code", 8)
        s.line(120, 269, 190, 269)
        return s.output()
