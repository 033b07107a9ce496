"""The words of an assessment notice: to the candidate and to the assessor, Bahasa Indonesia
first and English below, with the time in the test site's own zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from registration.notices.domain.local_time import when_en, when_id, zone


class Kind(StrEnum):
    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Notice:
    kind: Kind
    scheme_code: str
    site_name: str
    site_address: str
    district_code: str
    starts_at: datetime
    ends_at: datetime
    previous_starts_at: datetime | None = None
    reason: str | None = None


SUBJECTS = {
    Kind.SCHEDULED: "Jadwal uji kompetensi / Competency assessment scheduled",
    Kind.RESCHEDULED: "Jadwal uji kompetensi diubah / Competency assessment rescheduled",
    Kind.CANCELLED: "Uji kompetensi dibatalkan / Competency assessment cancelled",
}
REASONS = {
    "site_unavailable": ("TUK tidak dapat digunakan", "the test site is unavailable"),
    "assessor_unavailable": ("asesor berhalangan", "the assessor is unavailable"),
    "candidates_unavailable": ("peserta berhalangan", "the candidates are unavailable"),
    "force_majeure": ("keadaan kahar", "force majeure"),
    "other": ("alasan lain", "another reason"),
}


HEADLINES = {
    (Kind.SCHEDULED, "candidate"): (
        "Anda dijadwalkan mengikuti uji kompetensi.",
        "You are scheduled for a competency assessment.",
    ),
    (Kind.RESCHEDULED, "candidate"): (
        "Jadwal uji kompetensi Anda diubah.",
        "Your competency assessment has been rescheduled.",
    ),
    (Kind.CANCELLED, "candidate"): (
        "Uji kompetensi Anda dibatalkan; jadwal baru akan diberitahukan.",
        "Your competency assessment is cancelled; you will be told the new schedule.",
    ),
    (Kind.SCHEDULED, "assessor"): (
        "Anda ditugaskan sebagai asesor pada sesi uji kompetensi ini.",
        "You are assigned as assessor to this assessment session.",
    ),
    (Kind.RESCHEDULED, "assessor"): (
        "Sesi uji kompetensi yang Anda ases dipindah.",
        "The assessment session you assess has been moved.",
    ),
    (Kind.CANCELLED, "assessor"): (
        "Sesi uji kompetensi yang Anda ases dibatalkan.",
        "The assessment session you assess is cancelled.",
    ),
}


def _details(n: Notice) -> tuple[str, str]:
    d = n.district_code
    end = n.ends_at.astimezone(zone(d)[0])
    lines_id = [
        f"Skema: {n.scheme_code}",
        f"Waktu: {when_id(n.starts_at, d)} sampai {end:%H.%M}",
        f"Tempat: {n.site_name}, {n.site_address}",
    ]
    lines_en = [
        f"Scheme: {n.scheme_code}",
        f"Time: {when_en(n.starts_at, d)} to {end:%H:%M}",
        f"Place: {n.site_name}, {n.site_address}",
    ]
    if n.previous_starts_at is not None:
        lines_id.append(f"Sebelumnya: {when_id(n.previous_starts_at, d)}")
        lines_en.append(f"Previously: {when_en(n.previous_starts_at, d)}")
    if n.reason is not None:
        why_id, why_en = REASONS.get(n.reason, REASONS["other"])
        lines_id.append(f"Alasan: {why_id}")
        lines_en.append(f"Reason: {why_en}")
    return "\n".join(lines_id), "\n".join(lines_en)


def _mail(n: Notice, to: str, greeting: tuple[str, str], after: tuple[str, str]) -> str:
    head_id, head_en = HEADLINES[(n.kind, to)]
    details_id, details_en = _details(n)
    return (
        f"{greeting[0]},\n\n{head_id}\n{details_id}\n{after[0]}\n---\n"
        f"{greeting[1]},\n\n{head_en}\n{details_en}\n{after[1]}"
    )


def candidate_mail(n: Notice, full_name: str) -> tuple[str, str]:
    after = ("", "")
    if n.kind is not Kind.CANCELLED:
        after = (
            "\nBuka aplikasi Kompeten sebelum hari ujian untuk mengunduh soal dan "
            "menandatangani persetujuan asesmen (FR.AK.01); bawa ponsel yang terisi daya.\n",
            "\nOpen the Kompeten app before the day to download your exam and sign the "
            "assessment consent (FR.AK.01); bring a charged phone.\n",
        )
    return SUBJECTS[n.kind], _mail(
        n, "candidate", (f"Yth. {full_name}", f"Dear {full_name}"), after
    )


def assessor_mail(n: Notice) -> tuple[str, str]:
    after = (
        "\nDaftar asesi Anda ada di aplikasi asesor.\n",
        "\nYour candidates are listed in the assessor app.\n",
    )
    return SUBJECTS[n.kind], _mail(n, "assessor", ("Yth. Asesor", "Dear assessor"), after)
