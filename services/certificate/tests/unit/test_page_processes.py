"""A print batch's parts rendered in page processes (printing.adapters.page_processes) and
merged (page_merge): the merged file holds every part's pages in order, as a verifier reads
them; the same parts give the same bytes; a killed page process costs a part its process,
never the part."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import uuid4

import pytest

from certificate.printing.adapters.certificate_pdf import CertificatePdf, rendered
from certificate.printing.application.ports import CertificatePrint, Letterhead, UnitLine
from certificate.printing.domain.calibration import Calibration
from certificate.verification.adapters.printed_pdf import pages as read_pages

HEAD = Letterhead("LSP Koperasi Bali", "BNSP-LSP-0451-ID", "Denpasar", "I Made Suarta",
                  "Ketua LSP Koperasi Bali")  # fmt: skip
CAL = Calibration(offset_x_mm=1.2, offset_y_mm=-0.8, scale=1.004)
UNITS = tuple(UnitLine(f"M.702090.{n:03d}.01", f"Melakukan transaksi kas {n}") for n in (1, 2))


def page(n: int) -> CertificatePrint:
    return CertificatePrint(uuid4(), f"KOP-KASIR/2026/{n:05d}", f"Pemegang {n}", "KOP-KASIR", 1,
                            "Kasir Koperasi", None, UNITS, date(2026, 11, 29), date(2029, 11, 28),
                            f"HC1:PAYLOAD-{n:05d}-" + "X" * 80)  # fmt: skip


@pytest.fixture
def renderer() -> Iterator[CertificatePdf]:
    started = CertificatePdf(processes=2)
    yield started
    started.close()


def test_parts_from_the_processes_merge_into_one_file_in_order(renderer: CertificatePdf) -> None:
    batch = [page(n) for n in range(1, 8)]
    parts = [renderer.part(HEAD, CAL, batch[i : i + 3]) for i in range(0, 7, 3)]
    assert parts[0] == rendered(HEAD, CAL, batch[:3])  # what the service would render itself
    merged = renderer.merged(parts)
    read = read_pages(merged)
    assert [p.payload for p in read] == [p.qr_payload for p in batch]
    assert all(p.number in r.text for p, r in zip(batch, read, strict=True))
    assert renderer.merged(parts) == merged  # the same parts, the same bytes


def test_a_killed_page_process_costs_the_part_nothing(renderer: CertificatePdf) -> None:
    processes = renderer.processes
    assert processes is not None
    first = renderer.part(HEAD, CAL, [page(1)])
    running = [p for p in list(processes._idle.queue) if p is not None]
    assert running and all(p.poll() is None for p in running)
    for process in running:
        process.kill()
        process.wait()
    again = [renderer.part(HEAD, CAL, [page(1)]) for _ in range(3)]  # dead ones, then new ones
    assert again == [first] * 3
    alive = [p for p in list(processes._idle.queue) if p is not None]
    assert alive and all(p.poll() is None for p in alive)
