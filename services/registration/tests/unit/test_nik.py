import pytest

from registration.candidates.domain.nik import InvalidNik, parse_nik


def test_a_well_formed_nik_is_parsed_into_its_parts() -> None:
    nik = parse_nik("5107011203880001")
    assert (nik.province_code, nik.regency_code) == ("51", "5107")
    assert (nik.birth_day, nik.birth_month, nik.birth_year_2) == (12, 3, 88)
    assert not nik.female


def test_a_woman_has_forty_added_to_her_birth_day() -> None:
    nik = parse_nik("5107015203880002")
    assert nik.female and nik.birth_day == 12


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("510701120388000", "16 digits"),
        ("51070112038800AB", "16 digits"),
        ("9907011203880001", "province code 99"),
        ("5100011203880001", "must not be 00"),
        ("5107011213880001", "birth month 13"),
        ("5107013202880001", "birth day 32"),
        ("5107017202880001", "birth day 72"),
        ("5107013002880001", "birth day 30 is invalid for month 02"),
        ("5107011203880000", "serial"),
    ],
)
def test_a_malformed_nik_is_refused_with_the_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(raw)
    assert reason in caught.value.reason_en
    assert caught.value.reason_id


def test_the_29th_of_february_exists_in_a_leap_year_of_either_century() -> None:
    assert parse_nik("3201012902000003").birth_day == 29
    with pytest.raises(InvalidNik):
        parse_nik("3201012902010003")
