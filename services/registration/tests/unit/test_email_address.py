"""One e-mail rule: APL-01's personal e-mail is judged like the address a person signs up with,
so an address the SMTP server would refuse is a named field error wherever it is typed."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError
from registration_samples import apl01

from registration.identity.domain.email_address import EMAIL_PATTERN

SIGN_UP_REFUSES = [
    "sari@example..id",
    "sari@-example.id",
    "sari@exa_mple.id",
    "<sari>@example.id",
    "sari(kasir)@example.id",
    "sari@example.id-",
    "sari@" + "a" * 250 + ".id",
]


def personal(email: str) -> dict[str, str]:
    return {
        "full_name": "Ni Made Sari",
        "nik": "5107014506910001",
        "birth_place": "Amlapura",
        "birth_date": "1991-06-05",
        "address": "Jl. Raya Karangasem 1",
        "phone": "081234567890",
        "email": email,
    }


@pytest.mark.parametrize("email", SIGN_UP_REFUSES)
def test_apl01_refuses_on_its_field_an_address_sign_up_refuses(email: str) -> None:
    assert not re.fullmatch(EMAIL_PATTERN, email) or len(email) > 254
    with pytest.raises(ValidationError) as caught:
        apl01(personal=personal(email))
    assert [e["loc"] for e in caught.value.errors()] == [("personal", "email")]


@pytest.mark.parametrize("email", ["sari@example.id", "i.wayan+kasir@koperasi.co.id"])
def test_apl01_takes_what_sign_up_takes(email: str) -> None:
    assert apl01(personal=personal(email)).personal.email == email
