"""Print-position calibration for an LSP's pre-printed blanks: a printer feeds each sheet a
little off and scales a little, the same way every time, so every point of the layout is moved
by one measured correction. A point (x, y) of the design, in millimetres from the sheet's top
left corner, is printed at (x * scale + offset_x, y * scale + offset_y); text sizes scale too."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import Problem, Refusal

LARGEST_OFFSET_MM = 20.0
SCALES = (0.9, 1.1)
# The calibration test page's two marks, as designed (mm from the top left corner).
MARK_A = (20.0, 20.0)
MARK_B = (190.0, 20.0)


class Calibration(BaseModel):
    model_config = ConfigDict(frozen=True)

    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    scale: float = 1.0

    @classmethod
    def checked(
        cls, offset_x_mm: float = 0.0, offset_y_mm: float = 0.0, scale: float = 1.0
    ) -> Calibration:
        """A calibration within reach of a printer's feed, refused naming each field off."""
        problems = [
            Problem(name, f"geser paling jauh {LARGEST_OFFSET_MM:g} mm",
                    f"an offset of at most {LARGEST_OFFSET_MM:g} mm")
            for name, value in (("offset_x_mm", offset_x_mm), ("offset_y_mm", offset_y_mm))
            if not abs(value) <= LARGEST_OFFSET_MM
        ]  # fmt: skip
        if not SCALES[0] <= scale <= SCALES[1]:
            problems.append(Problem("scale", "skala antara 0,9 dan 1,1",
                                    "a scale between 0.9 and 1.1"))  # fmt: skip
        if problems:
            raise Refusal(problems)
        return cls(offset_x_mm=offset_x_mm, offset_y_mm=offset_y_mm, scale=scale)

    def point(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        return x_mm * self.scale + self.offset_x_mm, y_mm * self.scale + self.offset_y_mm

    def length(self, mm: float) -> float:
        return mm * self.scale

    def size(self, points: float) -> float:
        return points * self.scale

    def corrected(self, measured: Measured) -> Calibration:
        """The calibration that puts the test page's marks where they were designed, from
        where they landed on a sheet printed with this one. The printer is taken to move a
        point the PDF puts at p to p * drift + shift (the same drift both ways)."""
        drift = (measured.b_x_mm - measured.a_x_mm) / (self.scale * (MARK_B[0] - MARK_A[0]))
        if not drift > 0:
            raise Refusal([Problem("b_x_mm", "tanda B harus di kanan tanda A",
                                   "mark B must be right of mark A")])  # fmt: skip
        shift_x = measured.a_x_mm - drift * self.point(*MARK_A)[0]
        shift_y = measured.a_y_mm - drift * self.point(*MARK_A)[1]
        return Calibration.checked(
            offset_x_mm=round(-shift_x / drift, 2),
            offset_y_mm=round(-shift_y / drift, 2),
            scale=round(1 / drift, 4),
        )


class Measured(BaseModel):
    """Where the centres of the test page's marks A and B landed on the sheet, in millimetres
    from its top left corner."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a_x_mm: float
    a_y_mm: float
    b_x_mm: float
