"""NIK (Nomor Induk Kependudukan): 16 digits = province(2) regency(2) subdistrict(2)
birth day(2, +40 for women) birth month(2) birth year(2) serial(4)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
        "97",
    }
)


class InvalidNik(ValueError):
    def __init__(self, reason_id: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_id = reason_id
        self.reason_en = reason_en


@dataclass(frozen=True)
class Nik:
    value: str
    province_code: str
    regency_code: str
    birth_day: int
    birth_month: int
    birth_year_2: int
    female: bool


def parse_nik(raw: str) -> Nik:
    value = raw.strip()
    if len(value) != 16 or not value.isdigit():
        raise InvalidNik("NIK harus 16 digit angka", "NIK must be exactly 16 digits")
    province = value[0:2]
    if province not in PROVINCE_CODES:
        raise InvalidNik(
            f"kode provinsi {province} tidak dikenal", f"unknown province code {province}"
        )
    if value[2:4] == "00" or value[4:6] == "00":
        raise InvalidNik(
            "kode kabupaten/kecamatan tidak boleh 00",
            "regency and subdistrict codes must not be 00",
        )
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    female = day > 40
    if female:
        day -= 40
    if not 1 <= month <= 12:
        raise InvalidNik(
            f"bulan lahir {month:02d} tidak valid", f"birth month {month:02d} is invalid"
        )
    if not _day_exists(day, month, year):
        raise InvalidNik(
            f"tanggal lahir {value[6:8]} tidak valid untuk bulan {month:02d}",
            f"birth day {value[6:8]} is invalid for month {month:02d}",
        )
    if value[12:16] == "0000":
        raise InvalidNik("nomor urut tidak boleh 0000", "serial number must not be 0000")
    return Nik(value, province, value[0:4], day, month, year, female)


def _day_exists(day: int, month: int, year_2: int) -> bool:
    if day < 1:
        return False
    longest = max(calendar.monthrange(century + year_2, month)[1] for century in (1900, 2000))
    return day <= longest
