"""The verification page a person reads (Bahasa Indonesia first, English beside it): the
certificate's number, scheme, units, status and validity, nothing more. Every value is
escaped; the page loads nothing from anywhere."""

from __future__ import annotations

from html import escape

from certificate.issuance.domain.certificate import Status
from certificate.verification.application.verify import PublicCertificate

STATUS = {
    Status.VALID: ("BERLAKU", "valid", "#1b5e20"),
    Status.AWAITING_AGREEMENT: ("BELUM BERLAKU: MENUNGGU PERSETUJUAN PEMEGANG",
                                "not yet valid: awaiting the holder's agreement", "#8d6e00"),
    Status.SUSPENDED: ("DIBEKUKAN", "suspended", "#e65100"),
    Status.WITHDRAWN: ("DICABUT", "withdrawn", "#b71c1c"),
    Status.REPLACED: ("DIGANTI", "replaced", "#4a148c"),
    Status.EXPIRED: ("KEDALUWARSA", "expired", "#b71c1c"),
}  # fmt: skip
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
    "dt{font-weight:600;margin-top:.8rem}.en{color:#555;font-size:.9em}"
    ".status{font-size:1.4rem;font-weight:700;padding:.5rem 1rem;border-radius:.4rem;color:#fff}"
    ".valid{background:#1b5e20}.expired{background:#8d6e00}.invalid{background:#b71c1c}"
    "textarea{width:100%;font-family:monospace}"
)


def layout(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def page(found: PublicCertificate) -> str:
    status_id, status_en, colour = STATUS[found.status]
    units = "".join(f"<li>{escape(code)}</li>" for code in found.unit_codes)
    if found.holder_name:
        holder = escape(found.holder_name)
    elif found.holder_erased:
        holder = ('dihapus atas permintaan pemegang <span class="en">(erased at the holder\'s '
                  "request)</span>")  # fmt: skip
    else:
        holder = 'tidak ditampilkan <span class="en">(not shown: not yet received)</span>'
    replaced = (
        f"<p>Diganti dengan sertifikat <b>{escape(found.replaced_by_number)}</b> "
        f'<span class="en">(replaced by {escape(found.replaced_by_number)})</span></p>'
        if found.replaced_by_number
        else ""
    )
    body = (
        "<h1>Verifikasi Sertifikat Kompetensi "
        '<span class="en">Certificate verification</span></h1>'
        f'<p class="status" style="background:{colour}">{status_id} '
        f'<span class="en" style="color:#fff">({status_en})</span></p>{replaced}<dl>'
        f"<dt>Nomor sertifikat <span class=en>Number</span></dt><dd>{escape(found.number)}</dd>"
        f"<dt>Pemegang <span class=en>Holder</span></dt><dd>{holder}</dd>"
        f"<dt>Skema <span class=en>Scheme</span></dt><dd>{escape(found.scheme_code)} "
        f"(versi {found.scheme_version})</dd>"
        f"<dt>Unit kompetensi <span class=en>Units</span></dt><dd><ul>{units}</ul></dd>"
        f"<dt>Terbit <span class=en>Issued</span></dt><dd>{found.issued_on.isoformat()}</dd>"
        f"<dt>Berlaku sampai <span class=en>Valid until</span></dt>"
        f"<dd>{found.valid_until.isoformat()}</dd></dl>"
        '<p><a href="../offline">Periksa kode QR tanpa jaringan</a> '
        '<span class="en">(check a QR code offline)</span></p>'
    )
    return layout(f"Sertifikat {found.number}", body)


def not_found_page() -> str:
    body = (
        "<h1>Sertifikat tidak ditemukan <span class=en>No such certificate</span></h1>"
        "<p>Periksa kembali kode QR atau tautan. "
        '<span class="en">Check the QR code or the link.</span></p>'
    )
    return layout("Sertifikat tidak ditemukan", body)


def number_form_page(number: str, problem_id: str = "", problem_en: str = "") -> str:
    """Verification by number: the number and the check code printed beside it (the number
    alone names nothing). Sent back to this same address (GET)."""
    problem = (
        f'<p role="alert"><b>{escape(problem_id)}</b> <span class="en">({escape(problem_en)})'
        "</span></p>"
        if problem_id
        else ""
    )
    body = (
        "<h1>Verifikasi Sertifikat Kompetensi "
        '<span class="en">Certificate verification</span></h1>'
        "<p>Masukkan nomor sertifikat dan kode cek yang tercetak di sampingnya. "
        '<span class="en">Enter the certificate number and the check code printed beside it.'
        f"</span></p>{problem}<form method=get>"
        '<p><label for="number">Nomor sertifikat <span class="en">Number</span></label><br>'
        f'<input id="number" name="number" required maxlength="64" value="{escape(number)}">'
        '</p><p><label for="code">Kode cek <span class="en">Check code</span></label><br>'
        '<input id="code" name="code" required maxlength="16" autocomplete="off" '
        'placeholder="XXXX-XXXX"></p>'
        '<p><button type="submit">Periksa <span class="en">Check</span></button></p></form>'
    )
    return layout("Verifikasi sertifikat", body)
