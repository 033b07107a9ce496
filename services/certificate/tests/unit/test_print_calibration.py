"""Calibration of pre-printed blanks: every point moved by one correction, limits refused by
name, and the correction computed from where the test page's marks landed."""

from __future__ import annotations

import pytest

from certificate.printing.domain.calibration import MARK_A, MARK_B, Calibration, Measured
from kompeten_contracts.errors import Refusal


def test_a_point_is_scaled_from_the_corner_then_moved() -> None:
    calibration = Calibration(offset_x_mm=1.5, offset_y_mm=-2.0, scale=1.01)
    assert calibration.point(100, 200) == pytest.approx((102.5, 200.0))
    assert calibration.size(10) == pytest.approx(10.1)
    assert Calibration().point(33.3, 44.4) == (33.3, 44.4)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"offset_x_mm": 20.5}, "offset_x_mm"), ({"offset_y_mm": -21}, "offset_y_mm"),
     ({"scale": 1.2}, "scale"), ({"scale": float("nan")}, "scale"),
     ({"offset_x_mm": float("inf")}, "offset_x_mm")],
)  # fmt: skip
def test_out_of_reach_is_refused_naming_the_field(changes: dict[str, float], field: str) -> None:
    with pytest.raises(Refusal) as refused:
        Calibration.checked(**changes)
    assert [p.field for p in refused.value.problems] == [field]


def printer(calibration: Calibration, drift: float, shift: tuple[float, float]) -> Measured:
    """Where a printer that draws p at p * drift + shift puts the marks of a test page."""
    a = calibration.point(*MARK_A)
    b = calibration.point(*MARK_B)
    return Measured(
        a_x_mm=a[0] * drift + shift[0], a_y_mm=a[1] * drift + shift[1],
        b_x_mm=b[0] * drift + shift[0],
    )  # fmt: skip


@pytest.mark.parametrize("start", [Calibration(), Calibration(offset_x_mm=3, scale=0.98)])
def test_the_measured_correction_puts_the_marks_where_designed(start: Calibration) -> None:
    drift, shift = 1.012, (2.4, -3.1)
    corrected = start.corrected(printer(start, drift, shift))
    again = printer(corrected, drift, shift)
    assert (again.a_x_mm, again.a_y_mm, again.b_x_mm) == pytest.approx(
        (MARK_A[0], MARK_A[1], MARK_B[0]), abs=0.02
    )


def test_marks_measured_the_wrong_way_round_are_refused() -> None:
    with pytest.raises(Refusal) as refused:
        Calibration().corrected(Measured(a_x_mm=190, a_y_mm=20, b_x_mm=20))
    assert refused.value.problems[0].field == "b_x_mm"
