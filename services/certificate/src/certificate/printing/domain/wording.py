"""How a certificate says things in Bahasa Indonesia: dates ("23 November 2026") and the
fixed text of the official layout, with English beside where the layout has room."""

from __future__ import annotations

from datetime import date

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip

TITLE = "SERTIFIKAT KOMPETENSI"
TITLE_EN = "Certificate of Competence"
NUMBER = "Nomor"
CHECK_CODE = "Kode cek"
BLANKO = "No. Registrasi (blanko)"
CERTIFIES = "Dengan ini menyatakan bahwa"
CERTIFIES_EN = "This is to certify that"
COMPETENT_IN = "telah kompeten pada skema sertifikasi"
COMPETENT_IN_EN = "is competent in the certification scheme"
LEVEL = "Jenjang kualifikasi KKNI"
UNITS = "Unit kompetensi"
UNIT_CODE = "Kode Unit"
UNIT_TITLE = "Judul Unit"
ISSUED = "Diterbitkan"
VALID_UNTIL = "Berlaku sampai dengan"
ON_BEHALF = "Atas nama"
VERIFY = "Keaslian sertifikat ini dapat diperiksa dengan memindai kode QR."
VERIFY_EN = "Scan the QR code to verify this certificate."
LICENCE = "Lisensi BNSP"


def tanggal(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
