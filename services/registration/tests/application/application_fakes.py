"""In-memory stand-ins for the application forms' ports (application tier only)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from registration.application.application_ports import EvidenceRecord
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
            "K.64KOP00.001.1", "Melayani transaksi", (ElementView("1", "a"), ElementView("2", "b"))
        ),
        UnitView("K.64KOP00.002.1", "Menyusun laporan kas", (ElementView("1", "c"),)),
    ),
    occupational_groups=frozenset({"kasir"}),
)


class FakeSchemes:
    def __init__(self, *published: SchemeVersionView) -> None:
        self.published = {(v.scheme_code, v.version): v for v in (published or (KASIR,))}

    async def published_version(self, scheme_code: str, version: int) -> SchemeVersionView | None:
        return self.published.get((scheme_code, version))


class FakeCooperatives:
    def __init__(self, district_code: str = "5107") -> None:
        self.known: dict[UUID, CooperativeView] = {}
        self.district_code = district_code

    def add(self, district_code: str | None = None) -> UUID:
        cooperative_id = uuid4()
        self.known[cooperative_id] = CooperativeView(
            cooperative_id, "KSP Sari Amerta", "ksp_usp", district_code or self.district_code, "51"
        )
        return cooperative_id

    async def get(self, cooperative_id: UUID) -> CooperativeView | None:
        return self.known.get(cooperative_id)


class InMemoryEvidence:
    def __init__(self) -> None:
        self.rows: dict[UUID, EvidenceRecord] = {}

    async def lock(self, tx: Any, application_id: UUID) -> None:
        return None  # application tests upload one at a time

    async def add(self, tx: Any, record: EvidenceRecord) -> None:
        # Kept as stored: the opened name and digest exist only in memory.
        self.rows[record.evidence_id] = replace(record, sha256="", file_name="")

    async def ids_of(self, tx: Any, application_id: UUID) -> frozenset[UUID]:
        return frozenset(
            r.evidence_id for r in self.rows.values() if r.application_id == application_id
        )

    async def list_of(self, tx: Any, application_id: UUID) -> list[EvidenceRecord]:
        return [replace(r) for r in self.rows.values() if r.application_id == application_id]

    async def get(self, tx: Any, application_id: UUID, evidence_id: UUID) -> EvidenceRecord | None:
        row = self.rows.get(evidence_id)
        return row if row is not None and row.application_id == application_id else None
