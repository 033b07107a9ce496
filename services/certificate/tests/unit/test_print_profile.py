"""An LSP's print profile: texts trimmed and bounded, refused by field; the same profile set
again records nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from certificate.printing.domain import print_profile as pp
from kompeten_contracts.errors import Refusal

AT = datetime(2026, 11, 30, 9, tzinfo=UTC)


def command(**changes: object) -> pp.SetPrintProfile:
    fields: dict[str, object] = {
        "lsp_id": uuid4(), "lsp_name": "  LSP   Koperasi Bali ", "licence": "",
        "city": "Denpasar", "signatory_name": "I Made Suarta", "signatory_title": "Ketua",
        "by": uuid4(), "at": AT,
    }  # fmt: skip
    return pp.SetPrintProfile(**{**fields, **changes})


def test_a_profile_is_kept_with_its_texts_trimmed_and_set_again_records_nothing() -> None:
    [set_] = pp.decide_set(pp.PrintProfile(), command())
    assert (set_.lsp_name, set_.licence) == ("LSP Koperasi Bali", None)
    again = command(lsp_id=set_.lsp_id, by=uuid4())
    assert pp.decide_set(pp.PrintProfile(set_), again) == []


def test_texts_out_of_bounds_are_refused_naming_each_field() -> None:
    with pytest.raises(Refusal) as refused:
        pp.decide_set(pp.PrintProfile(), command(city=" ", signatory_name="x" * 121))
    assert [p.field for p in refused.value.problems] == ["city", "signatory_name"]
