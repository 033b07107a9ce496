"""A candidate on a phone: signs up with the mailed code, registers by NIK, attaches a photo
from the camera input and a PDF from the files, fills APL-01 and APL-02 with a reload in the
middle, submits with the network off (and reloads, still offline),
and sees it submitted once the network is back; the LSP returns it with a reason, the candidate
fixes the marked field and resubmits, and sees it accepted. Debian's Chromium at 360 x 640,
the built app and registration's API behind nginx, real PostgreSQL, Kafka and SMTP sink."""

from __future__ import annotations

import io
import os
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.async_api import BrowserContext, Locator, Page, expect

from eventkit.testing.mail import code_in, mail_with_subject
from eventkit.testing.waiting import wait_until
from registration.identity.application.codes import SUBJECT as CODE_SUBJECT
from registration.seed import seed
from registration.seed.cooperatives import DEMO_COOPERATIVES

from ..services import lsp_admin_headers
from .conftest import PHONE, Served

pytestmark = pytest.mark.integration

NAME, NIK, PHONE_NUMBER = "Ni Made Sari", "5107014506910001", "081234567890"
COOPERATIVE = DEMO_COOPERATIVES[0][0]
DEADLINE_MS = 30_000
# Where to save a screenshot of each main screen (for the README and the docs), when set.
SCREENSHOTS = os.environ.get("KOMPETEN_SCREENSHOTS")


async def snap(page: Page, name: str) -> None:
    if SCREENSHOTS:
        await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


async def test_a_candidate_applies_offline_from_a_phone_and_sees_the_lsp_decide(
    served: Served, phone: BrowserContext, tmp_path: Path
) -> None:
    catalogue = served.registration.catalogues()
    await seed(catalogue)
    await wait_until(
        lambda: catalogue.scheme_catalogue.published_version("KOP-KASIR", 1),
        timeout=30,
        what="the seeded scheme in the catalogue",
    )
    email = f"sari.{uuid.uuid4().hex[:8]}@example.id"
    page = await phone.new_page()
    await page.goto(served.base + "/")
    heading = page.get_by_role("heading", level=1)
    await expect(page.locator("html")).to_have_attribute("lang", "id")
    await expect(heading).to_have_text("Masuk atau daftar")
    await snap(page, "01-sign-in")

    await sign_up(page, served, email)
    await register_by_nik(page)
    await attach_evidence(page, tmp_path)
    await fill_half_the_form_and_reload(page)
    await expect(page.locator("#evidence-list li")).to_have_count(2)  # kept through the reload
    await fill_the_rest(page)
    assert await unlabelled_controls(page) == []
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await snap(page, "04-apl01")

    status = page.locator("#application-status")
    await phone.set_offline(True)
    await expect(page.locator("#connection")).to_have_attribute("data-online", "no")
    await page.get_by_role("button", name="Ajukan permohonan").click()
    await expect(status).to_have_attribute("data-status", "local")
    # Offline, the shell comes from the service worker and the queue from IndexedDB.
    await page.reload()
    await expect(status).to_have_attribute("data-status", "local")
    await snap(page, "05-status-offline")
    async with httpx.AsyncClient(base_url=served.registration_api, timeout=30) as api:
        admin = lsp_admin_headers()
        assert (await api.get("/verification/queue", headers=admin)).json() == []

        await phone.set_offline(False)
        await expect(status).to_have_attribute("data-status", "submitted", timeout=DEADLINE_MS)
        application_id = (await queued(api, submissions=1))["application_id"]
        await evidence_held(api, application_id)

        reason = "alamat tanpa RT/RW dan nama desa"
        returned = await api.post(
            f"/applications/{application_id}/return",
            json={
                "client_id": str(uuid.uuid4()),
                "reasons": [{"field": "apl01.personal.address", "reason": reason}],
            },
            headers=admin,
        )
        assert returned.status_code == 200, returned.text
        await expect(status).to_have_attribute("data-status", "returned", timeout=DEADLINE_MS)
        reasons = page.locator("#returned-reasons")
        await expect(reasons).to_contain_text(f"Alamat lengkap: {reason}")
        await snap(page, "06-status-returned")

        await page.get_by_role("link", name="Perbaiki permohonan").click()
        address = labelled(page, "Alamat lengkap")
        await expect(address).to_have_attribute("aria-invalid", "true")
        await address.scroll_into_view_if_needed()
        await snap(page, "07-apl01-fix")
        await address.fill("Jl. Raya Bugbug RT 02/RW 01, Desa Bugbug, Karangasem")
        await page.get_by_role("button", name="Ajukan permohonan").click()
        await expect(status).to_have_attribute("data-status", "submitted", timeout=DEADLINE_MS)
        await queued(api, submissions=2)

        accepted = await api.post(
            f"/applications/{application_id}/acceptance",
            json={"client_id": str(uuid.uuid4())},
            headers=admin,
        )
        assert accepted.status_code == 200, accepted.text
        await expect(status).to_have_attribute("data-status", "accepted", timeout=DEADLINE_MS)
        await expect(status).to_have_text("Diterima")
        # Each submission arrived exactly once, however often the phone retried or reloaded.
        seen = (await api.get(f"/applications/{application_id}", headers=admin)).json()
        assert (seen["status"], seen["submissions"]) == ("accepted", 2), seen
        assert seen["submitted"]["personal"]["address"].startswith("Jl. Raya Bugbug RT 02")

    await page.get_by_role("button", name="Switch to English").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(heading).to_have_text("Application status")
    await expect(status).to_have_text("Accepted")
    await snap(page, "08-status-accepted-en")


async def sign_up(page: Page, served: Served, email: str) -> None:
    await labelled(page, "Alamat e-mail").fill(email)
    await page.get_by_role("button", name="Kirim kode").click()
    # A long-running sink indexes its whole mail folder on its first request: a patient client.
    async with httpx.AsyncClient(timeout=30) as sink:
        mail = await mail_with_subject(email, CODE_SUBJECT, client=sink)
    assert f"{served.base}/" in mail["text"], mail["text"]  # the mail links to the app
    await labelled(page, "Kode verifikasi (6 digit)").fill(code_in(mail))
    await page.get_by_role("button", name="Masuk", exact=True).click()


async def register_by_nik(page: Page) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text("Data diri")
    await snap(page, "02-register")
    await labelled(page, "Nama lengkap (sesuai KTP)").fill(NAME)
    await labelled(page, "NIK (16 digit)").fill(NIK)
    await labelled(page, "Kode kabupaten/kota (4 digit)").fill("5107")
    await page.get_by_role("button", name="Daftar", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Profil saya")
    await expect(page.get_by_text(NAME)).to_be_visible()
    assert NIK not in await page.content()  # a phone is read over shoulders: last 4 digits only
    await snap(page, "03-profile")
    await page.get_by_role("link", name="Isi permohonan (APL-01)").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Permohonan sertifikasi (APL-01)"
    )


PDF = b"%PDF-1.4\n% surat keterangan kerja\n%%EOF\n"


def photo_jpeg() -> bytes:
    """A small photo as a phone's camera would hand it over (JPEG)."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


async def attach_evidence(page: Page, tmp_path: Path) -> None:
    """A photo through the camera input (capture="environment") and a PDF through the file
    input; both listed as kept on the phone, nothing sent yet."""
    camera = labelled(page, "Ambil foto dengan kamera")
    await expect(camera).to_have_attribute("capture", "environment")
    await expect(camera).to_have_attribute("accept", "image/*")
    await camera.set_input_files(
        files=[{"name": "ijazah.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg()}]
    )
    letter = tmp_path / "surat-keterangan-kerja.pdf"
    letter.write_bytes(PDF)
    await labelled(page, "Pilih berkas (PDF, JPG atau PNG, maks. 5 MB)").set_input_files(letter)
    listed = page.locator("#evidence-list li")
    await expect(listed).to_have_count(2)
    await expect(listed.first).to_contain_text("ijazah.jpg")
    await expect(listed.nth(1)).to_contain_text("tersimpan di ponsel")


async def evidence_held(api: httpx.AsyncClient, application_id: str) -> None:
    """The photo and the PDF uploaded once each and named by the submission."""
    admin = lsp_admin_headers()
    seen = (await api.get(f"/applications/{application_id}", headers=admin)).json()
    held = {e["media_type"]: e["evidence_id"] for e in seen["evidence"]}
    assert sorted(held) == ["application/pdf", "image/jpeg"], seen["evidence"]
    assert sorted(seen["submitted"]["evidence_ids"]) == sorted(held.values())
    letter = await api.get(
        f"/applications/{application_id}/evidence/{held['application/pdf']}", headers=admin
    )
    assert letter.content == PDF
    picture = await api.get(
        f"/applications/{application_id}/evidence/{held['image/jpeg']}", headers=admin
    )
    assert picture.content == photo_jpeg()


async def fill_half_the_form_and_reload(page: Page) -> None:
    # Pre-filled from the profile.
    await expect(labelled(page, "Nama lengkap (sesuai KTP)")).to_have_value(NAME)
    await expect(labelled(page, "NIK (16 digit)")).to_have_value(NIK)
    await labelled(page, "Tempat lahir").fill("Amlapura")
    await labelled(page, "Tanggal lahir").fill("1991-06-05")
    await labelled(page, "Alamat lengkap").fill("Jl. Raya Bugbug 1")
    await labelled(page, "Nomor HP").fill(PHONE_NUMBER)
    await draft_saved(page)
    await page.reload()
    await expect(labelled(page, "Alamat lengkap")).to_have_value("Jl. Raya Bugbug 1")
    await expect(labelled(page, "Nomor HP")).to_have_value(PHONE_NUMBER)
    await expect(labelled(page, "Tanggal lahir")).to_have_value("1991-06-05")


async def fill_the_rest(page: Page) -> None:
    await labelled(page, "Jenjang").select_option("SMA")
    await labelled(page, "Nama sekolah/perguruan tinggi").fill("SMAN 1 Amlapura")
    await labelled(page, "Tahun lulus").fill("2009")
    await labelled(page, "Koperasi").select_option(label=COOPERATIVE)
    await labelled(page, "Kedudukan di koperasi").select_option("karyawan")
    await labelled(page, "Kelompok jabatan").select_option("kasir")
    await labelled(page, "Skema sertifikasi").select_option("KOP-KASIR@1")
    competent = page.get_by_role("radio", name="Kompeten (K)", exact=True)
    await expect(competent).to_have_count(8)  # the scheme's 4 units of 2 elements
    for i in range(8):
        await competent.nth(i).check()
    await draft_saved(page)


def labelled(page: Page, label: str) -> Locator:
    """The control this label names (a required field's label ends in an aria-hidden " *",
    which Playwright's label text includes and a screen reader does not say)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


async def draft_saved(page: Page) -> None:
    await expect(page.locator("#draft-state")).to_have_attribute("data-saved", "yes")


async def unlabelled_controls(page: Page) -> list[str]:
    found: list[str] = await page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
              .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
              .map((el) => el.outerHTML)"""
    )
    return found


async def queued(api: httpx.AsyncClient, submissions: int) -> dict[str, Any]:
    """The application in the LSP's verification queue (a read model: it follows the log)."""

    async def holds() -> dict[str, Any] | None:
        found = (await api.get("/verification/queue", headers=lsp_admin_headers())).json()
        ready = [q for q in found if q["submissions"] == submissions]
        return ready[0] if len(found) == 1 and ready else None

    return await wait_until(holds, timeout=30, what=f"submission {submissions} in the queue")
