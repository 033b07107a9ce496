"""The QR code of a certificate's payload as a PNG: error correction level Q (a quarter of the
code may be soiled or torn and it still reads, as the EU digital certificate asks), the
alphanumeric mode base45 was chosen for, and a quiet zone of four modules."""

from __future__ import annotations

import io

import segno


def qr_png(payload: str, scale: int = 4) -> bytes:
    code = segno.make(payload, error="q", mode="alphanumeric", boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_version(payload: str) -> int:
    version = segno.make(payload, error="q", mode="alphanumeric", boost_error=False).version
    return int(version)
