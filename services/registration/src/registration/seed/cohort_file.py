"""A realistic district cohort file: staff of the 40 demo cooperatives of Karangasem (district
5107) in the columns a district operator's spreadsheet has. The demo writes one for a newcomer
to upload; tests and the benchmark generate theirs here, so all read the same format.

Every NIK is valid (region 5107, birth date with the female +40 day rule) and distinct for every
i below 989,901; e-mail addresses are fresh per call (the SMTP sink keeps every run's mail).
"""

from __future__ import annotations

import csv
import io
from uuid import uuid4

from registration.seed.cooperatives import DEMO_COOPERATIVES

DISTRICT = "5107"
HEADER = ["NIK", "Nama Lengkap", "Email", "No HP", "Nomor Badan Hukum Koperasi", "Jabatan",
          "Kelompok Jabatan", "Kode Kabupaten"]  # fmt: skip
GROUPS = [("pengurus", "Ketua"), ("pengurus", "Bendahara"), ("pengurus", "Juru Tulis"),
          ("pengawas", "Pengawas"), ("karyawan", "Kasir")]  # fmt: skip


def nik(i: int, salt: int = 0) -> str:
    """Subdistrict and serial make it unique; birth day, month and year vary."""
    subdistrict = 1 + (i // 9999 + salt) % 99
    day = 1 + i % 28 + (40 if i % 2 else 0)
    born = f"{day:02d}{1 + i % 12:02d}{80 + i % 20:02d}"
    return f"{DISTRICT}{subdistrict:02d}{born}{1 + i % 9999:04d}"


def staff_rows(count: int, salt: int = 0, domain: str = "example.id") -> list[list[str]]:
    """`count` valid rows spread over the 40 cooperatives, in HEADER's order."""
    run = uuid4().hex[:8]
    rows = []
    for i in range(count):
        role, group = GROUPS[i % len(GROUPS)]
        legal_number = DEMO_COOPERATIVES[i % len(DEMO_COOPERATIVES)][2]
        rows.append([nik(i, salt), f"I Wayan Peserta {i}", f"p{i}.{run}@{domain}",
                     f"0812{i:08d}", legal_number, role, group, DISTRICT])  # fmt: skip
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()
