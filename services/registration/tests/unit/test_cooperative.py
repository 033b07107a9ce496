from datetime import UTC, datetime
from uuid import uuid4

import pytest

from kompeten_contracts.errors import Refusal
from registration.catalogue.domain.cooperative import (
    Cooperative,
    CooperativeRegistered,
    RegisterCooperative,
    decide_register,
    evolve,
)
from registration.catalogue.domain.cooperative_terms import (
    CooperativeKind,
    OccupationalGroup,
    label,
)


def command(**overrides: object) -> RegisterCooperative:
    fields: dict[str, object] = dict(
        cooperative_id=uuid4(), name="  Koperasi Desa Merah Putih   Bugbug ",
        kind=CooperativeKind.VILLAGE, legal_number="ahu-0001234.ah.01.29.tahun 2025",
        district_code="5107", province_code="51", registered_by=uuid4(),
        registered_at=datetime(2026, 1, 5, tzinfo=UTC),
    )  # fmt: skip
    fields.update(overrides)
    return RegisterCooperative(**fields)  # type: ignore[arg-type]


def test_a_new_cooperative_is_registered_with_tidy_name_and_legal_number() -> None:
    [event] = decide_register(Cooperative(), command())
    assert isinstance(event, CooperativeRegistered)
    assert event.name == "Koperasi Desa Merah Putih Bugbug"
    assert event.legal_number == "AHU-0001234.AH.01.29.TAHUN 2025"
    assert evolve(Cooperative(), event).registered == event


def test_a_registered_cooperative_is_not_registered_again() -> None:
    given = command()
    state = evolve(Cooperative(), decide_register(Cooperative(), given)[0])
    with pytest.raises(Refusal) as caught:
        decide_register(state, given)
    assert caught.value.field == "cooperative_id"


@pytest.mark.parametrize(
    ("overrides", "field", "reason_en"),
    [
        ({"district_code": "510"}, "district_code", "4 digits"),
        ({"district_code": "5100"}, "district_code", "4 digits"),
        ({"district_code": "3273"}, "district_code", "not in province 51"),
        ({"province_code": "5"}, "province_code", "2 digits"),
        ({"province_code": "99", "district_code": "9907"}, "province_code", "unknown"),
        ({"legal_number": "AHU-???"}, "legal_number", "malformed"),
        ({"legal_number": "ABCDEFG"}, "legal_number", "malformed"),
        ({"name": " K "}, "name", "3-200"),
    ],
)
def test_bad_codes_are_refused_naming_the_field(
    overrides: dict[str, object], field: str, reason_en: str
) -> None:
    with pytest.raises(Refusal) as caught:
        decide_register(Cooperative(), command(**overrides))
    assert caught.value.field == field and reason_en in caught.value.reason_en
    assert caught.value.reason_id


def test_terms_have_indonesian_labels() -> None:
    assert label(OccupationalGroup.CASHIER) == "Kasir"
    assert label(CooperativeKind.VILLAGE) == "Koperasi Desa/Kelurahan Merah Putih"
    assert OccupationalGroup.HEAD_OF_LENDING.value == "kepala_bagian_pinjaman"
