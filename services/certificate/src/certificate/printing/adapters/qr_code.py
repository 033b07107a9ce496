"""A certificate's QR code as PDF drawing operators: vector rectangles, one per run of dark
modules in a row, sharp on any printer at any scale where a bitmap would be resampled. Pure
functions of the payload and the place."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import zxingcpp


def qr_matrix(payload: str) -> tuple[int, bytes]:
    """(modules a side, one byte a module, 0 dark) of the payload's QR code at level Q. Made by
    zxing-cpp (already the verifier's reader): ~2 ms a code, where segno spends ~25 ms scoring
    the eight masks in Python, which was most of a page's time."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    modules = memoryview(cast(Any, code.to_image(scale=1, add_quiet_zones=False))).tobytes()
    return math.isqrt(len(modules)), modules


def qr_runs(side: int, modules: bytes) -> Iterator[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    for y in range(side):
        row = modules[y * side : (y + 1) * side]
        x = row.find(0)
        while x != -1:
            end = row.find(255, x)
            end = side if end == -1 else end
            yield y, x, end - x
            x = row.find(0, end) if end < side else -1


@dataclass(frozen=True)
class QrPlace:
    """A code's top-left corner and side, in PDF points (origin at the bottom left)."""

    left: float
    top: float
    side: float


def qr_drawing(payload: str, place: QrPlace) -> str:
    """The PDF operators that fill the payload's QR code at `place`: one rectangle per run of
    dark modules in a row, in one path. Each coordinate is formatted once per code (a column's
    x, a row's y, a run's width), not once per run: the ~2,000 runs of a code were most of a
    page's time."""
    side, modules = qr_matrix(payload)
    module = place.side / side
    xs = [f"{place.left + column * module:.2f}" for column in range(side)]
    ys = [f"{place.top - row * module:.2f}" for row in range(side)]
    widths = [f"{run * module:.2f}" for run in range(side + 1)]
    height = f"{-module:.2f}"
    path = [f"{xs[column]} {ys[row]} {widths[run]} {height} re"
            for row, column, run in qr_runs(side, modules)]  # fmt: skip
    return "\n".join(path) + " f"
