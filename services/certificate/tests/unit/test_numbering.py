"""Certificate numbers' format and validity dates (the sequence itself is proven on the real
database: integration/test_numbering.py)."""

from __future__ import annotations

from datetime import date

import pytest

from certificate.decisions.adapters.panel_setting import panels_from_environment
from certificate.issuance.domain.certificate import valid_until
from certificate.issuance.domain.numbering import NumberFormat


def test_the_default_format_reads_scheme_year_and_a_padded_sequence() -> None:
    assert NumberFormat().render("KOP-KASIR", 2026, 42) == "KOP-KASIR/2026/00042"
    lsp_format = NumberFormat("LSP-KOP {seq:04d}.{scheme}.{year}")
    assert lsp_format.render("KOP-KASIR", 2026, 7) == "LSP-KOP 0007.KOP-KASIR.2026"


@pytest.mark.parametrize(
    "pattern",
    ["{scheme}/{seq}", "{scheme}/{year}", "{scheme}/{year}/{seq}/{nik}", "{scheme/{year}{seq}",
     "{scheme}/{year}/{seq:zz}"],
)  # fmt: skip
def test_a_format_that_could_repeat_or_leak_is_refused_at_start(pattern: str) -> None:
    with pytest.raises(ValueError, match="format"):
        NumberFormat(pattern)


def test_validity_ends_the_day_before_the_third_anniversary() -> None:
    assert valid_until(date(2026, 11, 23)) == date(2029, 11, 22)
    assert valid_until(date(2028, 2, 29)) == date(2031, 2, 28)
    assert valid_until(date(2026, 1, 1), years=5) == date(2030, 12, 31)


def test_panel_sizes_come_from_the_environment_and_bad_values_stop_the_start() -> None:
    panels = panels_from_environment(
        {"KOMPETEN_DECISION_PANEL": "2", "KOMPETEN_DECISION_PANELS": "KOP-KASIR=3"}
    )
    assert (panels.default, panels.for_scheme("KOP-KASIR")) == (2, 3)
    assert panels_from_environment({}).default == 1
    with pytest.raises(ValueError, match="KOMPETEN_DECISION_PANELS"):
        panels_from_environment({"KOMPETEN_DECISION_PANELS": "kasir=two"})
