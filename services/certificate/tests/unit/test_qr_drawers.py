"""The print worker's QR drawing process (printing.adapters.qr_drawers): what it draws is what
the service would draw itself, and neither a killed process nor a batch left half-read makes a
batch fail or answers one batch with another's codes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from certificate.printing.adapters.qr_code import QrPlace, qr_drawings
from certificate.printing.adapters.qr_drawers import GROUP, QrDrawers

PLACE = QrPlace(56.69, 170.08, 113.39)


def payloads(count: int, salt: str) -> list[str]:
    return [f"HC1:{salt}-{n:04d}-" + "6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3" * 12 for n in range(count)]


@pytest.fixture
def drawers() -> Iterator[QrDrawers]:
    started = QrDrawers()
    yield started
    started.close()


def test_the_process_draws_what_the_service_would(drawers: QrDrawers) -> None:
    batch = payloads(3 * GROUP + 5, "a")
    assert list(drawers.draw(batch, PLACE)) == qr_drawings(batch, PLACE)
    assert drawers._running and all(p.poll() is None for p in drawers._running)  # kept


def test_a_killed_process_is_replaced_and_its_codes_drawn_here(drawers: QrDrawers) -> None:
    batch = payloads(4 * GROUP, "b")
    drawn = drawers.draw(batch, PLACE)
    first = list(itertools.islice(drawn, GROUP))
    assert drawers._running
    drawers._running[-1].kill()
    drawers._running[-1].wait()
    assert first + list(drawn) == qr_drawings(batch, PLACE)
    again = payloads(GROUP + 1, "c")
    assert list(drawers.draw(again, PLACE)) == qr_drawings(again, PLACE)
    assert drawers._running and all(p.poll() is None for p in drawers._running)  # new ones


def test_a_batch_left_half_read_does_not_answer_the_next(drawers: QrDrawers) -> None:
    drawn = drawers.draw(payloads(5 * GROUP, "d"), PLACE)
    next(drawn)
    drawn.close()  # the worker's batch failed midway: its answers are still in the pipe
    batch = payloads(2 * GROUP, "e")
    assert list(drawers.draw(batch, PLACE)) == qr_drawings(batch, PLACE)
