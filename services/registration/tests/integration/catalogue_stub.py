"""An in-test scheme catalogue and cooperative directory, injected into the real service."""

from __future__ import annotations

from uuid import UUID, uuid4

from registration.application.ports import (
    CooperativeView,
    ElementView,
    SchemeVersionView,
    UnitView,
)

KASIR = SchemeVersionView(
    scheme_code="KOP-KASIR",
    version=1,
    title="Kasir Koperasi",
    units=(
        UnitView(
            "K.64KOP00.001.1",
            "Melayani transaksi tunai",
            (ElementView("1", "a"), ElementView("2", "b")),
        ),
        UnitView("K.64KOP00.002.1", "Menyusun laporan kas harian", (ElementView("1", "c"),)),
    ),
    occupational_groups=frozenset({"kasir"}),
)


class StubSchemes:
    async def published_version(self, scheme_code: str, version: int) -> SchemeVersionView | None:
        return KASIR if (scheme_code, version) == ("KOP-KASIR", 1) else None


class StubCooperatives:
    def __init__(self) -> None:
        self.known: dict[UUID, CooperativeView] = {}

    def add(self, district_code: str = "5107") -> UUID:
        cooperative_id = uuid4()
        self.known[cooperative_id] = CooperativeView(
            cooperative_id, "KSP Sari Amerta", "ksp_usp", district_code, district_code[:2]
        )
        return cooperative_id

    async def get(self, cooperative_id: UUID) -> CooperativeView | None:
        return self.known.get(cooperative_id)


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
