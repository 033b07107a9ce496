"""What printing's tests give the service: the scheme version the recommendations' units
belong to, as registration publishes it, and an LSP's print profile."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from certificate_cases import UNITS

from kompeten_contracts.schemes import SchemeUnitV1, SchemeVersionPublishedV1

TITLES = ("Melayani transaksi tunai", "Mencatat transaksi kas harian", "Menyusun laporan kas")
PROFILE: dict[str, Any] = {
    "lsp_name": "LSP Koperasi Bali",
    "licence": "BNSP-LSP-0451-ID",
    "city": "Denpasar",
    "signatory_name": "Dr. I Made Suarta, S.E., M.M.",
    "signatory_title": "Ketua LSP Koperasi Bali",
    "calibration": {"offset_x_mm": 1.5, "offset_y_mm": -2.0, "scale": 1.004},
}


def scheme_version(lsp_id: UUID, scheme_code: str = "KOP-KASIR") -> SchemeVersionPublishedV1:
    return SchemeVersionPublishedV1(
        scheme_code=scheme_code, scheme_version=1, title="Kasir Koperasi Simpan Pinjam",
        brochure="Skema kasir", basic_requirements=["Bekerja di koperasi"],
        occupational_groups=["kasir"], cooperative_kinds=["ksp_usp"],
        units=[SchemeUnitV1(code=code, title=title, elements=[])
               for code, title in zip(UNITS, TITLES, strict=True)],
        published_at=datetime(2026, 10, 1, tzinfo=UTC), lsp_id=lsp_id,
    )  # fmt: skip


def page_count(pdf: bytes) -> int:
    """Pages of a PDF: its page objects (/Type /Page, not the /Pages tree)."""
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
