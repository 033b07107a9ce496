"""A time as people at the test site read it: in their own zone (WIB, WITA or WIT, by the
province of the district; Indonesia keeps no daylight saving, so each is a fixed offset), with
Indonesian day and month names."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def zone(district_code: str) -> tuple[timezone, str]:
    province = district_code[:2]
    hours, name = (8, "WITA") if province in WITA else (9, "WIT") if province in WIT else (7, "WIB")
    return timezone(timedelta(hours=hours), name), name


def when_id(at: datetime, district_code: str) -> str:
    tz, name = zone(district_code)
    local = at.astimezone(tz)
    return (
        f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year} "
        f"pukul {local:%H.%M} {name}"
    )


def when_en(at: datetime, district_code: str) -> str:
    tz, name = zone(district_code)
    return f"{at.astimezone(tz):%A %d %B %Y, %H:%M} {name}"
