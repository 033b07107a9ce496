"""Request bodies of APL-01/APL-02 for the stub catalogue (tests/support/registration_catalogue.py)
injected into the real service."""

from __future__ import annotations

from uuid import UUID

from registration_catalogue import KASIR


def apl01(cooperative_id: UUID, **overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "personal": {
            "full_name": "Ni Made Sari",
            "nik": "5107014506910001",
            "birth_place": "Amlapura",
            "birth_date": "1991-06-05",
            "address": "Jl. Raya Karangasem 1",
            "phone": "081234567890",
            "email": "sari@example.id",
        },
        "education": {"level": "SMA", "institution": "SMAN 1 Amlapura", "graduation_year": 2009},
        "employment": {
            "cooperative_id": str(cooperative_id),
            "role": "karyawan",
            "occupational_group": "kasir",
        },
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "purpose": "certification",
        "adjustment_needs": ["vision"],
    }
    form.update(overrides)
    return form


def apl02(evidence_ids: list[str] | None = None) -> dict[str, object]:
    return {
        "judgements": [
            {
                "unit_code": unit.code,
                "element_code": element.code,
                "judgement": "K",
                "evidence_ids": evidence_ids or [],
            }
            for unit in KASIR.units
            for element in unit.elements
        ]
    }
