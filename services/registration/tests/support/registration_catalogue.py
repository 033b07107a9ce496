"""An in-memory scheme catalogue and cooperative directory (the application forms' ports), for
the application tests and for integration tests that inject them into the real service."""

from __future__ import annotations

from uuid import UUID, uuid4

from registration.catalogue.application.ports import (
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
    """Publishes the given versions (KASIR when none)."""

    def __init__(self, *published: SchemeVersionView) -> None:
        self.published = {(v.scheme_code, v.version): v for v in (published or (KASIR,))}

    async def published_version(self, scheme_code: str, version: int) -> SchemeVersionView | None:
        return self.published.get((scheme_code, version))


class StubCooperatives:
    def __init__(self, district_code: str = "5107") -> None:
        self.known: dict[UUID, CooperativeView] = {}
        self.district_code = district_code

    def add(self, district_code: str | None = None) -> UUID:
        district = district_code or self.district_code
        cooperative_id = uuid4()
        self.known[cooperative_id] = CooperativeView(
            cooperative_id, "KSP Sari Amerta", "ksp_usp", district, district[:2]
        )
        return cooperative_id

    async def get(self, cooperative_id: UUID) -> CooperativeView | None:
        return self.known.get(cooperative_id)
