"""What a certificate PDF shows, read back as a verifier reads it, with no network: per page, the
text a person reads (the number, the dates, the unit codes) and the QR code's payload. The QR
code is drawn as vector rectangles, one per run of dark modules in a row
(printing.adapters.certificate_pdf), so it is rebuilt from the page's drawing operators into
a module image and read with zxing-cpp, as a phone reads the printed code."""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

import zxingcpp
from pypdf import PdfReader

RUN = re.compile(rb"(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-\d+(?:\.\d+)?) re")
MOST_MODULE_PT = 5.0  # a QR module is ~1.3 pt at 40 mm; the page's frames are hundreds
QUIET, SCALE = 4, 4  # modules of white around the code, pixels a module


@dataclass(frozen=True)
class PrintedPage:
    text: str
    payload: str | None  # None: no readable QR code on the page


def pages(pdf: bytes) -> list[PrintedPage]:
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        contents = page.get_contents()
        drawing = contents.get_data() if contents is not None else b""
        out.append(PrintedPage(page.extract_text(), _payload(drawing)))
    return out


def _payload(drawing: bytes) -> str | None:
    runs = [tuple(float(v) for v in m.groups()) for m in RUN.finditer(drawing)]
    runs = [r for r in runs if -r[3] < MOST_MODULE_PT]
    if not runs:
        return None
    module = statistics.median(-r[3] for r in runs)
    left, top = min(r[0] for r in runs), max(r[1] for r in runs)
    side = round((max(r[0] + r[2] for r in runs) - left) / module)
    if not 21 <= side <= 177:
        return None
    grid = bytearray(b"\xff" * (side * side))
    for x, y, width, _ in runs:
        row, column = round((top - y) / module), round((x - left) / module)
        length = round(width / module)
        if 0 <= row < side and 0 <= column and column + length <= side:
            start = row * side + column
            grid[start : start + length] = b"\x00" * length
    found = zxingcpp.read_barcodes(_image(grid, side))
    codes = [c.text for c in found if c.format == zxingcpp.BarcodeFormat.QRCode]
    return codes[0] if codes else None


def _image(grid: bytearray, side: int) -> memoryview:
    width = (side + 2 * QUIET) * SCALE
    margin = b"\xff" * (QUIET * SCALE)
    rows = bytearray(b"\xff" * width * QUIET * SCALE)
    for r in range(side):
        line = margin + bytes(v for v in grid[r * side : (r + 1) * side] for _ in range(SCALE))
        rows += (line + margin) * SCALE
    rows += b"\xff" * width * QUIET * SCALE
    return memoryview(bytes(rows)).cast("B", (len(rows) // width, width))
