"""The decision document as PDF (fpdf2, A4 portrait, Bahasa Indonesia with English beside):
the minutes of the panel's meeting (berita acara rapat pleno), the decided list, K then BK,
and the panel; every page's footer carries the key id and the signature (blank until signed,
pdf_signature). No name: the document is kept for ever and an erasure cannot reach into a
signed file, so candidates are listed by their opaque id and their certificate's number."""

from __future__ import annotations

from collections import Counter

from fpdf import FPDF

from certificate.decision_documents.adapters.pdf_signature import (
    KID_MARK,
    PLACEHOLDER,
    SIGNATURE_MARK,
)
from certificate.decision_documents.application.ports import DocumentContent
from certificate.printing.adapters.certificate_pdf import FIXED_DATE, latin
from certificate.printing.domain.wording import tanggal
from certificate.shared.domain.outcomes import Outcome

COLUMNS = ("No", "Nomor Sertifikat", "ID Peserta", "Skema", "Kab/Kota", "Keputusan",
           "Tanggal", "Panel")  # fmt: skip
WIDTHS = (8, 34, 52, 24, 12, 16, 22, 22)
STATEMENT = (
    "Panel pleno LSP telah memverifikasi rekomendasi asesor dan memutuskan sertifikasi peserta "
    "berikut; tidak seorang pun anggota panel mengases, melatih, atau meninjau banding peserta "
    "yang diputuskannya. / The LSP's panel verified the assessors' recommendations and decided "
    "as listed; no member decided on a candidate they assessed, trained or whose appeal they "
    "reviewed."
)


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Courier", "", 5.5)
        self.cell(0, 3, self.footer_text, new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 3, f"{SIGNATURE_MARK}{PLACEHOLDER}", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Times", "", 7)
        self.cell(0, 3, f"Halaman {self.page_no()}", align="R")


class DocumentPdf:
    media_type = "application/pdf"

    def render(self, content: DocumentContent, kid: str) -> bytes:
        pdf = _Document(orientation="P", unit="mm", format="A4")
        pdf.set_compression(False)  # the footer's signature must be findable in the bytes
        pdf.set_creation_date(FIXED_DATE)
        pdf.set_title(f"Berita acara keputusan sertifikasi, sesi {content.session_id}")
        pdf.set_subject(f"{SIGNATURE_MARK}{PLACEHOLDER}")
        pdf.set_keywords(f"{KID_MARK}{kid} version:{content.version}")
        pdf.footer_text = (f"Ditandatangani elektronik (Ed25519, SHA-256) / electronically signed; "
                           f"{KID_MARK}{kid} versi {content.version}")  # fmt: skip
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_page()
        self._minutes(pdf, content)
        self._table(pdf, content)
        self._signatory(pdf, content)
        return bytes(pdf.output())

    def _minutes(self, pdf: FPDF, c: DocumentContent) -> None:
        pdf.set_font("Times", "B", 13)
        pdf.multi_cell(0, 7, "BERITA ACARA RAPAT PLENO KEPUTUSAN SERTIFIKASI", align="C",
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.set_font("Times", "I", 9)
        pdf.cell(0, 5, "Minutes of the certification decision meeting", align="C",
                 new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.ln(4)
        competent = sum(e.outcome is Outcome.COMPETENT for e in c.entries)
        schemes = sorted({f"{e.scheme_code} v{e.scheme_version}" for e in c.entries})
        pairs = [
            ("Lembaga Sertifikasi Profesi", c.lsp_name),
            ("Lisensi BNSP", c.licence or "-"),
            ("Sesi asesmen (assessment session)", str(c.session_id)),
            ("Skema (schemes)", ", ".join(schemes)),
            ("Kompeten (K) / Belum kompeten (BK)", f"{competent} / {len(c.entries) - competent}"),
            ("Versi dokumen (version)", str(c.version)),
            ("Menggantikan (supersedes)",
             f"versi {c.version - 1}, SHA-256 {c.replaces_sha256}" if c.replaces_sha256 else "-"),
        ]  # fmt: skip
        pdf.set_font("Times", "", 10)
        for label, value in pairs:
            pdf.cell(62, 6, latin(label))
            pdf.multi_cell(0, 6, latin(f": {value}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.multi_cell(0, 5, latin(STATEMENT), new_x="LMARGIN", new_y="NEXT")
        panel = Counter(member for e in c.entries for member in e.panel)
        pdf.ln(2)
        pdf.set_font("Times", "B", 10)
        pdf.cell(0, 6, "Panel pleno (decision makers, staff ids)", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Courier", "", 8)
        for member, count in sorted(panel.items(), key=lambda m: str(m[0])):
            pdf.cell(0, 4.5, f"{member}  ({count} keputusan)", new_x="LMARGIN", new_y="NEXT")

    def _table(self, pdf: FPDF, c: DocumentContent) -> None:
        pdf.ln(4)
        with pdf.table(col_widths=WIDTHS, text_align="LEFT", line_height=4.5,
                       first_row_as_headings=True, repeat_headings=1) as table:  # fmt: skip
            pdf.set_font("Times", "", 7.5)
            table.row(list(COLUMNS))
            for n, e in enumerate(c.entries, 1):
                table.row([str(n), e.certificate_number or "-", str(e.candidate_id),
                           e.scheme_code, e.district_code, e.outcome.value,
                           tanggal(e.decided_at.date()),
                           " ".join(str(m)[:8] for m in e.panel)])  # fmt: skip

    def _signatory(self, pdf: FPDF, c: DocumentContent) -> None:
        pdf.ln(8)
        pdf.set_font("Times", "", 10)
        pdf.cell(0, 6, latin(f"{c.city}, {tanggal(c.made_at.date())}"),
                 new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.cell(0, 6, latin(c.signatory_title), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.cell(0, 6, latin(c.signatory_name), new_x="LMARGIN", new_y="NEXT")
