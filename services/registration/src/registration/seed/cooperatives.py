"""Demo cooperatives of Karangasem (district 5107, province 51, Bali): village cooperatives
(Koperasi Desa Merah Putih), savings-and-loan and sharia cooperatives and others. Names and
legal numbers are made up for the demo; villages are real places of Karangasem."""

from __future__ import annotations

VILLAGES = (
    "Bugbug", "Seraya", "Tumbu", "Subagan", "Pertima", "Tegallinggah", "Culik", "Tista",
    "Tianyar", "Tulamben", "Kubu", "Ban", "Datah", "Muncan", "Besakih", "Menanga", "Sidemen",
    "Talibeng", "Sibetan", "Jungutan", "Budakeling", "Padangbai", "Antiga", "Tenganan",
)  # fmt: skip

SAVINGS_AND_LOAN = (
    "KSP Artha Sedana Amlapura",
    "KSP Dana Sejahtera Karangasem",
    "KSP Mitra Usaha Bebandem",
    "KSP Sari Boga Manggis",
    "KSP Catur Warga Rendang",
    "KSP Sinar Abang",
    "USP Koperasi Serba Usaha Giri Amerta Selat",
)

SHARIA = (
    "KSPPS BMT Al-Ikhlas Kecicang",
    "KSPPS Baitul Maal wat Tamwil Saren Jawa",
    "USPPS Koperasi Nurul Huda Bukit Tabuan",
    "KSPPS Amanah Ummat Karangasem",
)

OTHER = (
    "Koperasi Pegawai Republik Indonesia Karya Karangasem",
    "Koperasi Serba Usaha Tani Mekar Sidemen",
    "Koperasi Produsen Garam Amed",
    "Koperasi Nelayan Segara Jaya Ujung",
    "Koperasi Konsumen Pasar Amlapura",
)


def _demo() -> list[tuple[str, str, str]]:
    rows = [
        (f"Koperasi Desa Merah Putih {village}", "koperasi_desa_merah_putih",
         f"AHU-{5107000 + i:07d}.AH.01.29.TAHUN 2025")
        for i, village in enumerate(VILLAGES, start=1)
    ]  # fmt: skip
    for kind, names, year in (
        ("ksp_usp", SAVINGS_AND_LOAN, 2009),
        ("kspps_uspps", SHARIA, 2014),
        ("lainnya", OTHER, 2001),
    ):
        rows += [
            (name, kind, f"{17 + i}/BH/XXVII.{i + 1}/{year + i}") for i, name in enumerate(names)
        ]
    return rows


DEMO_COOPERATIVES = _demo()
