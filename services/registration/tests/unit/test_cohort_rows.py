"""Each reason a cohort row is refused, and the masking of who already holds a NIK."""

from __future__ import annotations

import pytest

from registration.candidates.domain.name_mask import mask_name, mask_nik
from registration.cohorts.domain.cohort_checks import (
    CooperativeRef,
    Registrant,
    against_registry,
    duplicates_in_file,
)
from registration.cohorts.domain.cohort_row import check_row

GOOD = {"nik": "5107014506910001", "full_name": "Ni Kadek Dwi", "email": "Dwi@Example.id",
        "phone": "0812 3456 7890", "cooperative": "ahu-5107001.ah.01.29.tahun 2025",
        "role": "Pengurus", "occupational_group": "Bendahara", "district_code": "5107"}  # fmt: skip


def test_a_good_row_is_normalised() -> None:
    row, problems = check_row(2, GOOD)
    assert problems == [] and row is not None
    assert (row.email, row.phone, row.role, row.occupational_group) == (
        "dwi@example.id", "081234567890", "pengurus", "bendahara")  # fmt: skip
    assert row.cooperative_ref == "AHU-5107001.AH.01.29.TAHUN 2025"


@pytest.mark.parametrize(
    ("field", "value", "reason_en"),
    [
        ("nik", "51070145069100", "16 digits"),
        ("nik", "5107011313910001", "birth month 13"),
        ("nik", "", "required"),
        ("email", "", "required"),
        ("email", "dwi-at-example", "malformed e-mail"),
        ("phone", "12345", "malformed mobile"),
        ("role", "direktur", "unknown role"),
        ("occupational_group", "tukang", "unknown occupational group"),
        ("district_code", "51", "4 digits"),
        ("cooperative", "", "required"),
        ("full_name", " ", "required"),
    ],
)
def test_each_bad_field_is_named_with_its_reason(field: str, value: str, reason_en: str) -> None:
    row, problems = check_row(7, {**GOOD, field: value})
    assert row is None
    assert any(p.row == 7 and p.field == field and reason_en in p.reason_en and p.reason_id
               for p in problems), problems  # fmt: skip


def test_duplicates_in_the_file_name_both_rows() -> None:
    one, _ = check_row(2, GOOD)
    two, _ = check_row(5, {**GOOD, "email": "other@example.id"})
    assert one and two
    found = {(p.row, p.field, p.reason_en) for p in duplicates_in_file([one, two])}
    assert found == {(2, "nik", "same NIK as row(s) 5 of this file"),
                     (5, "nik", "same NIK as row(s) 2 of this file")}  # fmt: skip


def test_registry_findings_unknown_cooperative_other_district_taken_nik_and_email() -> None:
    row, _ = check_row(3, GOOD)
    assert row
    ref = CooperativeRef("c1", "KSP Artha", "5108")
    holder = Registrant(mask_name("I Wayan Sudarsana"), "KSP Artha")
    found = against_registry([row], {}, lambda r: None, lambda r: True)
    assert [(p.field, p.reason_en) for p in found] == [
        ("cooperative", "unknown cooperative (legal number or id)"),
        ("email", "this e-mail already belongs to another candidate")]  # fmt: skip
    found = against_registry([row], {row.cooperative_ref: ref}, lambda r: holder, lambda r: True)
    assert [p.field for p in found] == ["district_code", "nik"]
    assert "I W***n S*******a melalui KSP Artha" in found[1].reason_id


def test_masks_keep_only_the_edges() -> None:
    assert mask_name("I Wayan  Sudarsana") == "I W***n S*******a"
    assert mask_name("Ni Ayu") == "N* A*u"
    assert mask_nik("5107014506910001") == "5107********0001"
