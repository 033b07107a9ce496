"""Generated cohort files for tests and the benchmark's shape: staff of the seeded demo
cooperatives of Karangasem (district 5107), with valid, unique NIKs and fresh e-mails."""

from __future__ import annotations

import csv
import io
from uuid import uuid4

from registration.seed.cooperatives import DEMO_COOPERATIVES

HEADER = ["NIK", "Nama Lengkap", "Email", "No HP", "Nomor Badan Hukum Koperasi", "Jabatan",
          "Kelompok Jabatan", "Kode Kabupaten"]  # fmt: skip
GROUPS = [("pengurus", "Ketua"), ("pengurus", "Bendahara"), ("pengurus", "Juru Tulis"),
          ("pengawas", "Pengawas"), ("karyawan", "Kasir")]  # fmt: skip


def nik(i: int, salt: int = 0) -> str:
    day = 1 + i % 28 + (40 if i % 2 else 0)
    return f"5107{1 + salt % 8:02d}{day:02d}{1 + i % 12:02d}{80 + i % 20:02d}{i + 1:04d}"


def staff_rows(count: int, salt: int = 0) -> list[list[str]]:
    run = uuid4().hex[:8]
    rows = []
    for i in range(count):
        role, group = GROUPS[i % len(GROUPS)]
        legal_number = DEMO_COOPERATIVES[i % len(DEMO_COOPERATIVES)][2]
        rows.append([nik(i, salt), f"I Wayan Peserta {i}", f"p{i}.{run}@example.id",
                     f"0812{i:08d}", legal_number, role, group, "5107"])  # fmt: skip
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()
