"""The words of an assessment notice: the time in the test site's zone, the reason as words (never
the admin's note), the candidate named and told to sign the consent; the assessor never told a
candidate's name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registration.notices.domain.local_time import when_id
from registration.notices.domain.notice_text import Kind, Notice, assessor_mail, candidate_mail

STARTS = datetime(2026, 12, 1, 1, tzinfo=UTC)


def notice(kind: Kind = Kind.SCHEDULED, **changes: object) -> Notice:
    values: dict[str, object] = dict(
        kind=kind,
        scheme_code="KOP-KASIR",
        site_name="BLK Karangasem",
        site_address="Jl. Ngurah Rai No. 1, Amlapura",
        district_code="5107",
        starts_at=STARTS,
        ends_at=STARTS.replace(hour=4),
    )
    values.update(changes)
    return Notice(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("district", "reads"),
    [("5107", "pukul 09.00 WITA"), ("3273", "pukul 08.00 WIB"), ("9471", "pukul 10.00 WIT")],
)
def test_the_time_is_the_sites_own(district: str, reads: str) -> None:
    assert when_id(STARTS, district) == f"Selasa, 1 Desember 2026 {reads}"


def test_the_candidate_is_named_and_told_to_sign_the_consent_in_both_languages() -> None:
    subject, text = candidate_mail(notice(), "Ni Luh Putu Sari")
    assert subject.startswith("Jadwal uji kompetensi /")
    indonesian, english = text.split("\n---\n")
    assert "Yth. Ni Luh Putu Sari" in indonesian and "FR.AK.01" in indonesian
    assert "sampai 12.00" in indonesian and "BLK Karangasem" in indonesian
    assert "Dear Ni Luh Putu Sari" in english and "09:00 WITA to 12:00" in english


def test_a_change_says_what_it_was_and_why_as_words() -> None:
    moved = notice(
        Kind.RESCHEDULED, previous_starts_at=STARTS.replace(day=2), reason="site_unavailable"
    )
    _, text = candidate_mail(moved, "Sari")
    assert "Sebelumnya: Rabu, 2 Desember 2026" in text and "TUK tidak dapat digunakan" in text
    _, cancelled = candidate_mail(notice(Kind.CANCELLED, reason="force_majeure"), "Sari")
    assert "dibatalkan" in cancelled and "keadaan kahar" in cancelled
    assert "FR.AK.01" not in cancelled  # nothing to prepare for


def test_the_assessor_is_not_told_any_candidates_name() -> None:
    subject, text = assessor_mail(notice())
    assert subject == candidate_mail(notice(), "x")[0]
    assert text.startswith("Yth. Asesor") and "aplikasi asesor" in text
