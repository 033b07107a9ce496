"""Words of the cooperative world: kinds of cooperative, governance roles and the occupational
groups a candidate registers in. Values are the official Indonesian terms; labels are for people.
"""

from __future__ import annotations

from enum import StrEnum


class CooperativeKind(StrEnum):
    SAVINGS_AND_LOAN = "ksp_usp"
    SHARIA_SAVINGS_AND_FINANCING = "kspps_uspps"
    VILLAGE = "koperasi_desa_merah_putih"
    OTHER = "lainnya"


class CooperativeRole(StrEnum):
    MANAGER = "pengurus"
    SUPERVISOR = "pengawas"
    STAFF = "karyawan"


class OccupationalGroup(StrEnum):
    CHAIR = "ketua"
    TREASURER = "bendahara"
    CLERK = "juru_tulis"
    CASHIER = "kasir"
    HEAD_OF_LENDING = "kepala_bagian_pinjaman"
    HEAD_OF_FINANCING = "kepala_bagian_pembiayaan"
    MANAGER = "manajer"
    SUPERVISOR = "pengawas"
    ACCOUNT_OFFICER = "account_officer"


LABELS: dict[StrEnum, tuple[str, str]] = {
    CooperativeKind.SAVINGS_AND_LOAN: (
        "Koperasi/Unit Simpan Pinjam (KSP/USP)",
        "savings-and-loan cooperative or unit",
    ),
    CooperativeKind.SHARIA_SAVINGS_AND_FINANCING: (
        "Koperasi/Unit Simpan Pinjam dan Pembiayaan Syariah (KSPPS/USPPS)",
        "sharia savings-and-financing cooperative or unit",
    ),
    CooperativeKind.VILLAGE: ("Koperasi Desa/Kelurahan Merah Putih", "village cooperative"),
    CooperativeKind.OTHER: ("Koperasi lainnya", "other cooperative"),
    CooperativeRole.MANAGER: ("Pengurus", "manager (board member)"),
    CooperativeRole.SUPERVISOR: ("Pengawas", "supervisor"),
    CooperativeRole.STAFF: ("Karyawan/Pengelola", "staff"),
    OccupationalGroup.CHAIR: ("Ketua", "chair"),
    OccupationalGroup.TREASURER: ("Bendahara", "treasurer"),
    OccupationalGroup.CLERK: ("Juru Tulis/Sekretaris", "clerk"),
    OccupationalGroup.CASHIER: ("Kasir", "cashier"),
    OccupationalGroup.HEAD_OF_LENDING: ("Kepala Bagian Pinjaman", "head of lending"),
    OccupationalGroup.HEAD_OF_FINANCING: (
        "Kepala Bagian Pembiayaan Syariah",
        "head of sharia financing",
    ),
    OccupationalGroup.MANAGER: ("Manajer", "manager"),
    OccupationalGroup.SUPERVISOR: ("Pengawas", "supervisor"),
    OccupationalGroup.ACCOUNT_OFFICER: ("Account Officer", "account officer"),
}


def label(term: StrEnum) -> str:
    return LABELS[term][0]


def label_en(term: StrEnum) -> str:
    return LABELS[term][1]
