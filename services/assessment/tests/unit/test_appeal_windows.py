"""The installation sets the appeal window from the environment: a default for every scheme
and the schemes that differ; a malformed setting stops the start rather than guessing."""

from __future__ import annotations

import pytest

from assessment.appeals.adapters.window_setting import windows_from_environment


def test_fourteen_days_unless_the_installation_says_otherwise() -> None:
    assert windows_from_environment({}).days_for("KOP-KASIR") == 14
    windows = windows_from_environment(
        {"KOMPETEN_APPEAL_WINDOW_DAYS": "10", "KOMPETEN_APPEAL_WINDOWS": "KOP-KASIR=30, KOP-ADM=7"}
    )
    assert (windows.days_for("KOP-KASIR"), windows.days_for("KOP-ADM")) == (30, 7)
    assert windows.days_for("KOP-BENDAHARA") == 10


@pytest.mark.parametrize(
    "environ",
    [
        {"KOMPETEN_APPEAL_WINDOWS": "KOP-KASIR"},
        {"KOMPETEN_APPEAL_WINDOWS": "kasir=30"},
        {"KOMPETEN_APPEAL_WINDOW_DAYS": "0"},
        {"KOMPETEN_APPEAL_WINDOWS": "KOP-KASIR=365"},
    ],
)
def test_a_malformed_setting_stops_the_start(environ: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="KOMPETEN_APPEAL_WINDOW"):
        windows_from_environment(environ)
