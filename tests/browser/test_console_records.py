"""The decision document and the blanko numbers in the console, in Debian's Chromium at an office
window's size, against the built console and certificate behind the test's own nginx (real
PostgreSQL and Kafka: the recommendations arrive on their topic as assessment publishes them,
decided by the LSP's decision maker through the API).

The LSP's admin opens the decided session, generates its decision document (version 1,
current), downloads its PDF (whose signature the service's check endpoint accepts), checks it
in the console (valid), an edited copy and an unsigned PDF (not valid, each with its reason);
a late candidate decided makes version 2, which supersedes version 1. Then the admin uploads
the authority's blanko file with one bad row, reads that row's error (Bahasa Indonesia, the
English beside it), uploads the fixed file, saves it (two attached) and sees the blanko number
on the certificate in the session's register."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from certificate_cases import recommendation
from certificate_stack import decision_maker, lsp_admin, publish
from openpyxl import Workbook
from playwright.async_api import BrowserContext, Page, expect
from printing_cases import PROFILE

from eventkit.testing.waiting import wait_until

from . import test_console_certificates as decisions
from .test_console import snap, unlabelled
from .test_console_certificates import LSP, Office, signed_in

pytestmark = pytest.mark.integration
office = decisions.office  # the fixture: the console and certificate behind the test's nginx
ADMIN = lsp_admin(LSP)


def blanko_file(folder: Path, name: str, rows: list[tuple[str, str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nomor Sertifikat", "Nomor Blanko"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


async def decided(
    office: Office, session_id: UUID, events: list[Any], issued_after: int
) -> list[dict[str, Any]]:
    """The events published, decided as recommended, and the session's certificates issued
    (`issued_after` of them by then)."""
    api = office.api
    await publish(office.service.source_topic, events)

    async def received() -> bool:
        for event in events:
            found = await api.get(f"/recommendations/{event.attempt_id}", headers=ADMIN)
            if found.status_code != 200:
                return False
        return True

    await wait_until(received, timeout=60, what="the recommendations received")
    answer = await api.post(f"/sessions/{session_id}/decisions", headers=decision_maker(LSP))
    assert answer.status_code == 200, answer.text

    async def in_read_model() -> bool:
        for event in events:
            found = (await api.get(f"/recommendations/{event.attempt_id}", headers=ADMIN)).json()
            if found["decision"] is None:
                return False
        return True

    await wait_until(in_read_model, timeout=60, what="the decisions in the read model")

    async def issued() -> list[dict[str, Any]] | None:
        found = (await api.get("/certificates", params={"session_id": str(session_id)},
                               headers=ADMIN)).json()  # fmt: skip
        return found if len(found) == issued_after else None

    certificates: list[dict[str, Any]] = await wait_until(issued, timeout=60, what="issued")
    return certificates


async def download_version(page: Page, version: int, folder: Path) -> bytes:
    async with page.expect_download() as downloading:
        await page.get_by_role("button", name=f"Unduh versi {version} (PDF)").click()
    saved = folder / f"berita-acara-v{version}.pdf"
    await (await downloading.value).save_as(saved)
    return saved.read_bytes()


async def check_in_console(page: Page, path: Path) -> None:
    await page.get_by_label("Berkas PDF dokumen keputusan").set_input_files(path)
    await page.get_by_role("button", name="Periksa berkas").click()


async def test_a_decision_document_is_signed_checked_and_blanko_numbers_attached(
    office: Office, desk: BrowserContext, tmp_path: Path
) -> None:
    api, session_id = office.api, uuid4()
    assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200
    first = [recommendation(lsp_id=LSP, session_id=session_id) for _ in range(2)]
    first.append(recommendation(lsp_id=LSP, session_id=session_id, competent=False))
    one, two = await decided(office, session_id, first, issued_after=2)

    admin = await signed_in(desk, office.base, ADMIN, "lsp_admin")
    await admin.goto(f"{office.base}/console/#/keputusan/{session_id}")
    panel = admin.locator("#decision-document")
    await expect(panel.get_by_role("heading", level=2)).to_have_text(
        "Dokumen keputusan (berita acara / SK pleno)"
    )
    await expect(panel).to_contain_text("Dokumen keputusan sesi ini belum dibuat.")
    await admin.get_by_role("button", name="Buat versi baru").click()
    await expect(panel).to_contain_text("Versi 1 ditandatangani.")
    v1 = panel.locator("#document-versions tr[data-version='1']")
    await expect(v1).to_contain_text("Berlaku")
    await expect(v1.locator("td").nth(1)).to_have_text("2")  # K
    await expect(v1.locator("td").nth(2)).to_have_text("1")  # BK
    assert await unlabelled(admin) == []

    pdf = await download_version(admin, 1, tmp_path)
    files = {"file": ("berita-acara.pdf", pdf, "application/pdf")}
    checked = (await api.post("/decision-documents/checks", files=files, headers=ADMIN)).json()
    assert checked["signature_valid"] and checked["on_record"], checked
    assert (checked["session_id"], checked["version"]) == (str(session_id), 1)

    await check_in_console(admin, tmp_path / "berita-acara-v1.pdf")
    verdict = admin.locator("#document-check")
    await expect(verdict).to_have_attribute("data-valid", "true")
    await expect(verdict).to_contain_text("SAH: tanda tangan cocok, versi 1 dalam catatan LSP.")
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(pdf.replace(b"(K)", b"(X)", 1))
    assert edited.read_bytes() != pdf
    await check_in_console(admin, edited)
    await expect(verdict).to_have_attribute("data-valid", "false")
    await expect(verdict).to_contain_text("TIDAK SAH")
    await expect(verdict).to_contain_text(
        "tanda tangan tidak cocok dengan isi berkas: berkas diubah setelah ditandatangani"
    )
    unsigned = tmp_path / "surat.pdf"
    unsigned.write_bytes(b"%PDF-1.4\n%%EOF\n")
    await check_in_console(admin, unsigned)
    await expect(verdict).to_contain_text(
        "berkas ini tidak memuat tanda tangan dokumen keputusan Kompeten"
    )
    await check_in_console(admin, edited)
    await expect(verdict).to_contain_text("berkas diubah setelah ditandatangani")
    await snap(admin, "console-14-decision-document", full_page=True)

    # A late candidate decided: version 2 lists them too and supersedes version 1.
    await decided(office, session_id, [recommendation(lsp_id=LSP, session_id=session_id)], 3)
    await admin.get_by_role("button", name="Buat versi baru").click()
    await expect(panel).to_contain_text("Versi 2 ditandatangani.")
    await expect(panel.locator("#document-versions tbody tr")).to_have_count(2)
    await expect(panel.locator("tr[data-version='2']")).to_contain_text("Berlaku")
    await expect(v1).to_contain_text("Digantikan versi 2")
    await check_in_console(admin, tmp_path / "berita-acara-v1.pdf")
    await expect(verdict).to_have_attribute("data-valid", "true")
    await expect(verdict).to_contain_text("sudah digantikan oleh versi 2")
    assert (await download_version(admin, 2, tmp_path)) != pdf

    # The authority's blanko file: one bad row refuses it all, with that row's reason.
    await (
        admin.get_by_role("navigation", name="Menu konsol")
        .get_by_role("link", name="Nomor blanko")
        .click()
    )
    await expect(admin.get_by_role("heading", level=1)).to_have_text(
        "Nomor blanko (registrasi nasional)"
    )
    upload = admin.get_by_label("Berkas nomor blanko (XLSX)")
    bad = blanko_file(tmp_path, "blanko.xlsx",
                      [(one["number"], "0012345 2026"), (two["number"], "12")])  # fmt: skip
    await upload.set_input_files(bad)
    await admin.get_by_role("button", name="Periksa berkas").click()
    await expect(admin.locator("#errors-title")).to_have_text(
        "Berkas ditolak: 1 baris bermasalah, tidak ada yang dicatat"
    )
    refused = admin.locator("#row-errors tbody tr")
    await expect(refused).to_have_count(1)
    await expect(refused.locator("td").nth(0)).to_have_text("3")
    await expect(refused.locator("td").nth(1)).to_have_text("nomor_blanko")
    await expect(refused.locator("td").nth(2)).to_contain_text(
        "nomor blanko kosong atau tidak sah (4-40 huruf, angka, . / -)"
    )
    await expect(refused.locator("td").nth(2).locator("[lang=en]")).to_have_text(
        "the blanko number is missing or malformed (4-40 letters, digits, . / -)"
    )
    assert await unlabelled(admin) == []
    await snap(admin, "console-15-blanko-refused")
    listed = (await api.get(f"/certificates/{two['certificate_id']}", headers=ADMIN)).json()
    assert listed["blanko_number"] is None  # refused: nothing recorded

    good = [(one["number"], "0012345 2026"), (two["number"], "0012346 2026")]
    fixed = blanko_file(tmp_path, "blanko-fixed.xlsx", good)
    await upload.set_input_files(fixed)
    await admin.get_by_role("button", name="Periksa berkas").click()
    await expect(admin.locator("#blanko-commit")).to_contain_text(
        "2 nomor blanko akan dilampirkan pada sertifikatnya."
    )
    await expect(admin.locator("#row-errors")).to_have_count(0)
    await expect(admin.locator("#blanko-outcomes tr[data-outcome='attach']")).to_have_count(2)
    await admin.get_by_role("button", name="Simpan: lampirkan 2 nomor blanko").click()
    await expect(admin.locator("#blanko-done")).to_have_text(
        "2 nomor blanko dilampirkan; 0 tidak berubah."
    )
    await snap(admin, "console-16-blanko-attached")

    async def in_register() -> bool:
        found = await api.get(f"/certificates/{two['certificate_id']}", headers=ADMIN)
        return bool(found.json()["blanko_number"] == "0012346 2026")

    await wait_until(in_register, timeout=30, what="the blanko number in the register")
    await admin.goto(f"{office.base}/console/#/keputusan/{session_id}")
    row = admin.locator(f"#recommendations tr[data-attempt='{two['attempt_id']}']")
    await expect(row).to_contain_text(f"Sertifikat {two['number']}")
    await expect(row.locator(".blanko")).to_have_text("Blanko 0012346 2026")

    await admin.get_by_role("button", name="Switch to English").click()
    await expect(row.locator(".blanko")).to_have_text("Blanko 0012346 2026")
    await expect(admin.locator("tr[data-version='1']")).to_contain_text("Superseded by version 2")
