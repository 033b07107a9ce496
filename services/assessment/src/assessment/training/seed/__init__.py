"""The seeded training requirements: the cashier scheme (KOP-KASIR) requires the six modules of
the cashier course before the test; the treasurer scheme (KOP-BENDAHARA) requires none. Each
requirement belongs to the LSP that owns its scheme (registration's SchemeVersionPublishedV1),
so no LSP id is written here. Seeding again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.intake.application.scheme_version_published import SchemeVersions
from assessment.training.application.requirements import RequirementCommands
from assessment.training.domain.requirement import Module

SEED_ACTOR = UUID("00000000-0000-4000-8000-00000000d1c1")
REQUIRED: dict[str, tuple[Module, ...]] = {
    "KOP-KASIR": tuple(Module(code=f"KAS-0{n}", title=title) for n, title in enumerate((
        "Dasar-dasar Perkoperasian dan Peran Kasir",
        "Pelayanan Prima kepada Anggota",
        "Penerimaan dan Pengeluaran Kas",
        "Pencatatan Transaksi Kas Harian",
        "Pengamanan dan Penyetoran Kas ke Bank",
        "Penyusunan Laporan Kas dan Rekonsiliasi",
    ), 1)),
    "KOP-BENDAHARA": (),
}  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    scheme_code: str
    lsp_id: UUID
    modules: int


async def seed_requirements(
    requirements: RequirementCommands, schemes: SchemeVersions
) -> list[Seeded]:
    """Set each seeded requirement for its scheme's LSP; the schemes must have reached
    assessment. A scheme that requires nothing is left as it is."""
    seeded = []
    for code, modules in REQUIRED.items():
        scheme = await schemes.latest(code)
        if scheme is None or scheme.lsp_id is None:
            raise LookupError(f"scheme {code} has not reached assessment with its LSP")
        if modules:
            await requirements.set(scheme.lsp_id, code, modules, SEED_ACTOR)
        seeded.append(Seeded(code, scheme.lsp_id, len(modules)))
    return seeded
