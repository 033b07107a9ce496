"""A complete application (APL-01 and APL-02 as a phone sends them) for a registered person, over
a published scheme version as `GET /schemes/{code}/versions/{n}` answers it: the demo fills the
LSP's verification queue with these, and the console's browser test verifies them."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from registration.seed import NAMESPACE
from registration.seed.cooperatives import DEMO_COOPERATIVES


def cooperative_id(i: int) -> UUID:
    """The id the seed gives the i-th demo cooperative (of district 5107), round the list."""
    return uuid5(NAMESPACE, DEMO_COOPERATIVES[i % len(DEMO_COOPERATIVES)][2])


def sample_application(
    *, i: int, full_name: str, nik: str, email: str, scheme: dict[str, Any]
) -> dict[str, Any]:
    """Competent on every element, as a cashier (karyawan, kasir) of the i-th cooperative."""
    apl01 = {
        "personal": {
            "full_name": full_name,
            "nik": nik,
            "birth_place": "Amlapura",
            "birth_date": f"19{80 + i % 20}-0{1 + i % 9}-1{i % 9}",
            "address": f"Banjar Dinas Kaler {i + 1}, Desa Bugbug, Karangasem",
            "phone": f"08123{i:07d}",
            "email": email,
        },
        "education": {"level": "SMA", "institution": "SMAN 1 Amlapura", "graduation_year": 2005},
        "employment": {
            "cooperative_id": str(cooperative_id(i)),
            "role": "karyawan",
            "occupational_group": "kasir",
        },
        "scheme_code": scheme["scheme_code"],
        "scheme_version": scheme["version"],
        "purpose": "certification",
    }
    judgements = [
        {"unit_code": unit["code"], "element_code": element["code"], "judgement": "K"}
        for unit in scheme["units"]
        for element in unit["elements"]
    ]
    return {"apl01": apl01, "apl02": {"judgements": judgements}}
