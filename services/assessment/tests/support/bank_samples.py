"""One builder of question-bank samples for assessment's tests: a scheme's units (as the
domain sees them and as registration publishes them) and bank-file rows, good or bad."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from assessment.banks.domain.bank_file import check_file
from assessment.banks.domain.bank_items import BankContent, Criterion, SchemeUnit
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion
from kompeten_contracts.schemes import SchemeVersionPublishedV1

AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
UNIT_CODES = ("M.649000.011.01", "M.649000.012.01", "M.649000.013.01", "M.649000.014.01")


def units(codes: Sequence[str] = UNIT_CODES) -> tuple[SchemeUnit, ...]:
    return tuple(
        SchemeUnit(code=code, title=f"Unit {n}", criteria=(
            Criterion(code="1.1", element="Menerima setoran", text="Slip setoran diperiksa"),
            Criterion(code="1.2", element="Menerima setoran", text="Uang dihitung"),
            Criterion(code="2.1", element="Menutup kas", text="Fisik kas dicocokkan"),
        ))
        for n, code in enumerate(codes, 1)
    )  # fmt: skip


def scheme_event(
    scheme_code: str, lsp_id: UUID | None, codes: Sequence[str] = UNIT_CODES, version: int = 1
) -> SchemeVersionPublishedV1:
    return SchemeVersionPublishedV1(
        scheme_code=scheme_code, scheme_version=version, title="Kasir Koperasi",
        brochure="Skema kasir", basic_requirements=["SMA"], occupational_groups=["kasir"],
        cooperative_kinds=["ksp_usp"], published_at=AT, lsp_id=lsp_id,
        units=[{"code": u.code, "title": u.title, "elements": [
            {"code": "1", "title": "Menerima setoran", "criteria": [
                {"code": "1.1", "text": "Slip setoran diperiksa"},
                {"code": "1.2", "text": "Uang dihitung"}]},
            {"code": "2", "title": "Menutup kas", "criteria": [
                {"code": "2.1", "text": "Fisik kas dicocokkan"}]},
        ]} for u in units(codes)],
    )  # fmt: skip


def scheme_version(
    scheme_code: str, lsp_id: UUID | None, codes: Sequence[str] = UNIT_CODES, version: int = 1
) -> PublishedSchemeVersion:
    event = scheme_event(scheme_code, lsp_id, codes, version)
    return PublishedSchemeVersion(scheme_code, version, lsp_id, event.title,
                                  [u.model_dump(mode="json") for u in event.units])  # fmt: skip


def mc_row(code: str, unit: str, key: str = "C", options: int = 4) -> dict[str, str]:
    letters = "abcde"[:options]
    return {"kode": code, "jenis": "pilihan_ganda", "unit": unit,
            "teks": f"Pertanyaan {code}: apa yang dilakukan kasir?",
            **{f"opsi_{x}": f"Jawaban {x.upper()} untuk {code}" for x in letters},
            "kunci": key}  # fmt: skip


def bank_rows(codes: Sequence[str] = UNIT_CODES, per_unit: int = 12) -> list[dict[str, str]]:
    """A good bank: `per_unit` multiple-choice questions, an essay, an oral question, an
    interview question for treasurers, a practical task and a portfolio document per unit."""
    rows = []
    for u, unit in enumerate(codes, 1):
        rows += [mc_row(f"U{u}-PG-{n:02d}", unit, "ABCDE"[n % 4]) for n in range(1, per_unit + 1)]
        rows += [
            {"kode": f"U{u}-ES-01", "jenis": "esai", "unit": unit, "teks": "Jelaskan prosedur",
             "panduan": "Memuat langkah-langkah"},
            {"kode": f"U{u}-LS-01", "jenis": "lisan", "unit": unit, "teks": "Sebutkan isi slip",
             "panduan": "Nama, nomor, jumlah"},
            {"kode": f"U{u}-WW-01", "jenis": "wawancara", "unit": unit,
             "teks": "Ceritakan tugas Anda sebagai bendahara", "kelompok": "bendahara"},
            {"kode": f"U{u}-TP-01", "jenis": "tugas_praktik", "unit": unit,
             "teks": "Layani tiga transaksi di loket simulasi"},
            {"kode": f"U{u}-PF-01", "jenis": "portofolio", "unit": unit,
             "teks": "Contoh bukti setoran"},
        ]  # fmt: skip
    return rows


def numbered(rows: Sequence[dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
    """As the file reader answers them: row 1 is the header."""
    return [(n, row) for n, row in enumerate(rows, 2)]


def content(codes: Sequence[str] = UNIT_CODES, per_unit: int = 12) -> BankContent:
    found, problems = check_file(numbered(bank_rows(codes, per_unit)), units(codes), "KOP-KASIR", 1)
    assert found is not None, problems
    return found
