"""Arm pdf: a cohort's certificates (151, the Karangasem hall) rendered into one print file.

Ours: certificate's renderer (printing.adapters.certificate_pdf, fpdf2) with the print data
and a calibration that is not the identity, as a print batch's worker runs it. Baseline: fpdf2
alone, the same layout drawn with the same calls at fixed positions (no calibration, no text
fitting, no Latin-1 folding): what our layer costs over the library (the issue's target:
>= 0.8x). Beside them, the candidates the choice was made among, each drawing the same layout
with its own API alone: reportlab (canvas) and weasyprint (HTML and CSS, the QR as inline SVG).
Every side draws each QR code from the same module matrix (zxing-cpp), as vector rectangles.
No database, no broker: the figures are CPU on this machine."""

from __future__ import annotations

import io
import time
import uuid
from datetime import date
from importlib import metadata
from typing import Any

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, say
from certificate.printing.adapters.certificate_pdf import CertificatePdf
from certificate.printing.adapters.qr_code import QrPlace, qr_drawing, qr_matrix, qr_runs
from certificate.printing.application.ports import CertificatePrint, Letterhead, UnitLine
from certificate.printing.domain.calibration import Calibration

TITLE = "151 certificates into one print file (PDF), per second"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
HEAD = Letterhead("LSP Koperasi Bali", "BNSP-LSP-0451-ID", "Denpasar",
                  "Dr. I Made Suarta, S.E., M.M.", "Ketua LSP Koperasi Bali")  # fmt: skip
UNITS = tuple(UnitLine(f"M.702090.{n:03d}.01", f"Melakukan transaksi kas harian koperasi {n}")
              for n in range(1, 13))  # fmt: skip


def pages(count: int) -> list[CertificatePrint]:
    """Certificates of 12 units, each with its own ~565-character QR payload (version 18)."""
    out = []
    for n in range(count):
        seed = uuid.uuid5(uuid.NAMESPACE_URL, f"bench-{n}").hex.upper()
        payload = "KC1:" + "".join(ALPHABET[int(c, 16) % 43] for c in (seed * 18))[:561]
        out.append(CertificatePrint(
            uuid.uuid4(), f"KOP-KASIR/2026/{n + 1:05d}", f"Peserta Uji Kompetensi {n + 1}",
            "KOP-KASIR", 1, "Kasir Koperasi Simpan Pinjam", "3", UNITS, date(2026, 11, 23),
            date(2029, 11, 22), payload,
        ))  # fmt: skip
    return out


def ours(prints: list[CertificatePrint]) -> bytes:
    calibration = Calibration(offset_x_mm=1.2, offset_y_mm=-0.8, scale=1.004)
    document = CertificatePdf(processes=0).document(HEAD, calibration)
    for page in prints:
        document.add(page)
    return document.finish()


def lines(page: CertificatePrint) -> list[tuple[float, float, str, float, str, str]]:
    """(x mm, baseline y mm, text, size pt, style, align) of one page, as the layout has them."""
    out: list[tuple[float, float, str, float, str, str]] = [
        (105, 30, HEAD.lsp_name.upper(), 16, "B", "C"),
        (105, 37, f"Lisensi BNSP: {HEAD.licence}", 10, "", "C"),
        (105, 55, "SERTIFIKAT KOMPETENSI", 26, "B", "C"),
        (105, 63, "Certificate of Competence", 12, "I", "C"),
        (105, 71, f"Nomor: {page.number}", 12, "", "C"),
        (105, 80, "Dengan ini menyatakan bahwa", 12, "", "C"),
        (105, 97, page.holder_name, 22, "B", "C"),
        (105, 108, "telah kompeten pada skema sertifikasi", 12, "", "C"),
        (105, 122, page.scheme_title, 15, "B", "C"),
        (105, 128, "KOP-KASIR - Jenjang kualifikasi KKNI: 3", 10, "", "C"),
        (20, 132, "Unit kompetensi", 10, "B", "L"),
        (20, 224, "Diterbitkan: 23 November 2026", 11, "", "L"),
        (20, 230, "Berlaku sampai dengan: 22 November 2029", 11, "", "L"),
        (190, 240, "Denpasar, 23 November 2026", 11, "", "R"),
        (190, 246, f"Atas nama {HEAD.lsp_name}", 11, "", "R"),
        (190, 268, HEAD.signatory_name, 11, "B", "R"),
        (190, 274, HEAD.signatory_title, 10, "", "R"),
    ]  # fmt: skip
    for n, unit in enumerate(page.units, start=1):
        y = 139.5 + n * 6 - 1.5
        out += [(20, y, str(n), 10, "", "L"), (30, y, unit.code, 10, "", "L"),
                (72, y, unit.title, 10, "", "L")]  # fmt: skip
    return out


def bare_fpdf2(prints: list[CertificatePrint]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for page in prints:
        pdf.add_page()
        pdf.rect(10, 10, 190, 277)
        pdf.rect(12, 12, 186, 273)
        for x, y, text, size, style, align in lines(page):
            pdf.set_font("Times", style, size)
            width = pdf.get_string_width(text)
            pdf.text(x - (width / 2 if align == "C" else width if align == "R" else 0), y, text)
        pdf.line(120, 269, 190, 269)
        pdf.set_fill_color(0)
        pdf._out(qr_drawing(page.qr_payload, QrPlace(20 * pdf.k, (297 - 237) * pdf.k, 40 * pdf.k)))
    return bytes(pdf.output())


def reportlab_alone(prints: list[CertificatePrint]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    fonts = {"": "Times-Roman", "B": "Times-Bold", "I": "Times-Italic"}
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for page in prints:
        c.rect(10 * mm, 10 * mm, 190 * mm, 277 * mm)
        c.rect(12 * mm, 12 * mm, 186 * mm, 273 * mm)
        for x, y, text, size, style, align in lines(page):
            c.setFont(fonts[style], size)
            draw = {"C": c.drawCentredString, "R": c.drawRightString}.get(align, c.drawString)
            draw(x * mm, (297 - y) * mm, text)
        c.line(120 * mm, 28 * mm, 190 * mm, 28 * mm)
        side, modules = qr_matrix(page.qr_payload)
        m = 40 / side * mm
        # As ours does through fpdf2's _out: the runs as raw operators (reportlab's path API
        # costs several times more for a code's ~2,000 rectangles).
        c._code.append("\n".join(f"{20 * mm + col * m:.2f} {(297 - 237) * mm - r * m:.2f} "
                                  f"{n * m:.2f} {-m:.2f} re"
                                  for r, col, n in qr_runs(side, modules)) + " f")  # fmt: skip
        c.showPage()
    c.save()
    return out.getvalue()


def weasyprint_alone(prints: list[CertificatePrint]) -> bytes:
    from weasyprint import HTML

    def page_html(page: CertificatePrint) -> str:
        texts = "".join(
            f'<div class="t {style} {align}" style="left:{x}mm;top:{y - size * 0.3528}mm;'
            f'font-size:{size}pt">{text}</div>'
            for x, y, text, size, style, align in lines(page)
        )
        side, modules = qr_matrix(page.qr_payload)
        runs = "".join(f"M{c} {r}h{n}v1h-{n}z" for r, c, n in qr_runs(side, modules))
        qr = (f'<svg class="qr" viewBox="0 0 {side} {side}" width="40mm" height="40mm">'
              f'<path d="{runs}"/></svg>')  # fmt: skip
        return f'<section>{texts}<div class="line"></div>{qr}</section>'

    css = (
        "@page{size:A4;margin:0}body{margin:0;font-family:Times}"
        "section{position:relative;width:210mm;height:297mm;page-break-after:always}"
        "section::before{content:'';position:absolute;left:10mm;top:10mm;width:190mm;"
        "height:277mm;border:0.3mm solid #000}"
        ".t{position:absolute;white-space:nowrap}.B{font-weight:bold}.I{font-style:italic}"
        ".C{transform:translateX(-50%)}.R{transform:translateX(-100%)}"
        ".line{position:absolute;left:120mm;top:269mm;width:70mm;border-top:0.3mm solid #000}"
        ".qr{position:absolute;left:20mm;top:237mm}"
    )
    html = f"<html><head><style>{css}</style></head><body>"
    html += "".join(page_html(p) for p in prints) + "</body></html>"
    return bytes(HTML(string=html).write_pdf())


def measure(render: Any, prints: list[CertificatePrint], sizes: dict[str, int], name: str) -> Any:
    async def one(_: int) -> Sample:
        started = time.perf_counter()
        pdf = render(prints)
        seconds = time.perf_counter() - started
        sizes[name] = len(pdf)
        return Sample(len(prints) / seconds, {"seconds": round(seconds, 3), "bytes": len(pdf)})

    return one


async def run(cfg: Config) -> list[ArmResult]:
    prints = pages(cfg.pdf_certificates)
    sizes: dict[str, int] = {}
    unit = "certificates/s"
    result = ArmResult(
        arm="pdf", title=TITLE, ours=Side("ours (fpdf2, calibrated)", unit),
        baseline=Side("fpdf2 alone", unit),
        targets=[Target("ours/fpdf2 alone >= 0.8", "ratio", "higher", 0.8)],
        settings={"certificates": cfg.pdf_certificates, "units_per_certificate": len(UNITS),
                  "qr_version": 18, "rounds": cfg.rounds,
                  "versions": {p: metadata.version(p) for p in
                               ("fpdf2", "reportlab", "weasyprint", "zxing-cpp")}},
    )  # fmt: skip
    await interleave(cfg.rounds, measure(ours, prints, sizes, "ours"),
                     measure(bare_fpdf2, prints, sizes, "fpdf2"), label="pdf",
                     ours_side=result.ours, baseline_side=result.baseline)  # fmt: skip
    for name, render in (("reportlab alone", reportlab_alone),
                         ("weasyprint alone", weasyprint_alone)):  # fmt: skip
        side = Side(name, unit)
        await interleave(cfg.rounds, measure(render, prints, sizes, name), None, label=name,
                         ours_side=side, baseline_side=None)  # fmt: skip
        result.extra_figures[name] = side
    assert result.baseline is not None
    for name, side in result.extra_figures.items():
        result.notes.append(f"{name} / fpdf2 alone = {side.median / result.baseline.median:.2f}")
    result.notes.append("file sizes (bytes): " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    result.evaluate()
    say(f"  pdf: {'; '.join(result.notes)}")
    return [result]
