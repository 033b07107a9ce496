"""The operator and LSP console in Debian's Chromium at an office window's size, against the
built console and registration behind the test's own nginx (real PostgreSQL, Kafka, SMTP sink).

A district operator signs in with the mailed code, uploads a cohort file with bad rows, reads
each bad row's error, commits the good rows and watches the progress bar finish, then uploads
the fixed rows and commits them too, and sees the district's progress. An LSP admin signs in,
accepts one application in the verification queue and returns another with a reason on the
field to fix."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from eventkit.testing.mail import code_in, mail_with_subject
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.identity.application.codes import SUBJECT as CODE_SUBJECT
from registration.seed import seed
from registration.seed.application_sample import sample_application
from registration.seed.cohort_file import as_csv, staff_rows
from servicekit.auth import bearer_headers

from ..services import lsp_admin_headers
from .conftest import Served
from .test_candidate_app import SCREENSHOTS, labelled

pytestmark = pytest.mark.integration

COHORT = 30
# Broken rows (index into the file's data rows) and what is wrong with them.
BAD_NIK, UNKNOWN_COOPERATIVE, BAD_EMAIL = 4, 11, 23
DEADLINE_MS = 30_000


async def snap(page: Page, name: str, full_page: bool = False) -> None:
    if SCREENSHOTS:
        await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=full_page)


async def seeded(served: Served) -> None:
    catalogue = served.registration.catalogues()
    await seed(catalogue)
    await wait_until(
        lambda: catalogue.scheme_catalogue.published_version("KOP-KASIR", 1),
        timeout=30,
        what="the seeded scheme in the catalogue",
    )


async def open_staff_account(served: Served, role: str, **extra: Any) -> str:
    email = f"{role}.{uuid.uuid4().hex[:8]}@kantor.example.id"
    async with httpx.AsyncClient(base_url=served.registration_api, timeout=30) as api:
        opened = await api.post(
            "/staff", json={"email": email, "role": role, **extra}, headers=lsp_admin_headers()
        )
        assert opened.status_code == 201, opened.text
    return email


async def sign_in(page: Page, served: Served, email: str) -> None:
    await page.goto(served.base + "/console/")
    await expect(page.locator("html")).to_have_attribute("lang", "id")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke konsol")
    await snap(page, "console-01-sign-in")
    await labelled(page, "Alamat e-mail").fill(email)
    await page.get_by_role("button", name="Kirim kode").click()
    async with httpx.AsyncClient(timeout=30) as sink:
        mail = await mail_with_subject(email, CODE_SUBJECT, client=sink)
    assert f"{served.base}/console/" in mail["text"], mail["text"]  # staff: to the console
    await labelled(page, "Kode verifikasi (6 digit)").fill(code_in(mail))
    await page.get_by_role("button", name="Masuk", exact=True).click()
    await expect(page.locator("#signed-in")).to_contain_text(email)


def cohort_rows() -> tuple[list[list[str]], list[list[str]]]:
    """The district's file with three broken rows, and those three rows fixed."""
    rows = staff_rows(COHORT, salt=int(uuid.uuid4().int % 90), domain="example.id")
    fixed = [list(rows[i]) for i in (BAD_NIK, UNKNOWN_COOPERATIVE, BAD_EMAIL)]
    rows[BAD_NIK][0] = rows[BAD_NIK][0][:12]  # 12 digits
    rows[UNKNOWN_COOPERATIVE][4] = "AHU-0000000.AH.01.39.TAHUN 2099"
    rows[BAD_EMAIL][2] = "bukan-alamat-email"
    return rows, fixed


async def upload(page: Page, path: Path) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text("Impor peserta")
    await labelled(page, "Berkas peserta (CSV atau XLSX)").set_input_files(str(path))
    await page.get_by_role("button", name="Periksa berkas").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f"^Laporan pemeriksaan: {path.name}$")
    )


async def commit_and_watch(page: Page, good: int) -> None:
    await page.get_by_role("button", name=f"Daftarkan {good} baris yang benar").click()
    bar = page.locator("#commit-progress")
    await expect(bar).to_be_visible()
    commit = page.locator("#commit")
    await expect(commit).to_have_attribute("data-state", "done", timeout=DEADLINE_MS)
    await expect(bar).to_have_attribute("max", str(good))
    await expect(bar).to_have_attribute("value", str(good))
    await expect(page.locator("#commit-status")).to_contain_text(
        f"{good} dari {good} baris diproses (100%). {good} orang terdaftar"
    )


async def test_an_operator_imports_a_cohort_with_bad_rows_and_follows_it(
    served: Served, desk: BrowserContext, tmp_path: Path
) -> None:
    await seeded(served)
    email = await open_staff_account(served, "district_operator", districts=["5107"])
    page = await desk.new_page()
    await sign_in(page, served, email)
    await expect(page.locator("#signed-in")).to_contain_text("Operator kabupaten · kabupaten 5107")
    menu = page.get_by_role("navigation", name="Menu konsol").get_by_role("link")
    await expect(menu).to_have_text(["Impor peserta", "Progres"])  # no queue for an operator

    rows, fixed = cohort_rows()
    first = tmp_path / "karangasem-gelombang-1.csv"
    first.write_bytes(as_csv(rows))
    await upload(page, first)
    await expect(page.locator("#total-rows")).to_have_text(str(COHORT))
    await expect(page.locator("#valid-rows")).to_have_text(str(COHORT - 3))
    await expect(page.locator("#invalid-rows")).to_have_text("3")
    errors = page.locator("#row-errors tbody tr")
    # Row numbers as the operator's spreadsheet shows them: the header is row 1.
    await expect(errors).to_have_count(3)
    await expect(page.locator(f"#row-errors tr[data-row='{BAD_NIK + 2}']")).to_contain_text("nik")
    cooperative = page.locator(f"#row-errors tr[data-row='{UNKNOWN_COOPERATIVE + 2}']")
    await expect(cooperative).to_contain_text("koperasi tidak ditemukan")
    email_row = page.locator(f"#row-errors tr[data-row='{BAD_EMAIL + 2}']")
    await expect(email_row).to_contain_text("email")
    await snap(page, "console-02-import-report")

    await commit_and_watch(page, COHORT - 3)
    # The file is shredded once committed; the errors read before stay on the screen.
    await expect(errors).to_have_count(3)
    await snap(page, "console-03-import-committed")

    await page.get_by_role("link", name="Unggah berkas perbaikan").click()
    second = tmp_path / "karangasem-perbaikan.csv"
    second.write_bytes(as_csv(fixed))
    await upload(page, second)
    await expect(page.locator("#valid-rows")).to_have_text("3")
    await expect(page.get_by_text("Tidak ada baris bermasalah.")).to_be_visible()
    await commit_and_watch(page, 3)

    # The API's word, to know when the read model has caught up (the page reads it once).
    operator = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
    async with httpx.AsyncClient(base_url=served.registration_api, timeout=30) as api:

        async def caught_up() -> bool:
            found = await api.get("/progress/districts/5107", headers=operator)
            return found.status_code == 200 and found.json()["registered"] == COHORT

        await wait_until(caught_up, timeout=30, what="the district's progress")
    await menu.filter(has_text="Progres").click()
    card = page.locator("#districts li[data-district='5107']")
    await expect(card).to_contain_text(f"Terdaftar{COHORT}")
    await expect(card.get_by_role("img")).to_have_attribute(
        "aria-label", f"Kabupaten 5107: Belum mengajukan {COHORT}"
    )
    await snap(page, "console-04-progress")
    await card.get_by_role("link", name="Kabupaten 5107").click()
    # One row per cooperative with candidates: the file's rows went to 30 of the 40.
    await expect(page.locator("#cooperatives tbody tr")).to_have_count(COHORT)
    await snap(page, "console-05-district")
    assert await unlabelled(page) == []


async def unlabelled(page: Page) -> list[str]:
    found: list[str] = await page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
              .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
              .map((el) => el.outerHTML)"""
    )
    return found


async def applied(api: httpx.AsyncClient, i: int, scheme: dict[str, Any]) -> str:
    """A candidate of 5107 registered by the operator, who applies from their phone."""
    nik = f"510702{10 + i:02d}0190{i + 1:04d}"
    name, email = f"Ni Luh Verifikasi {i}", f"verifikasi{i}.{uuid.uuid4().hex[:6]}@example.id"
    operator = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
    registered = await api.post(
        "/candidates",
        json={"client_id": str(uuid.uuid4()), "full_name": name, "nik": nik, "email": email,
              "district_code": "5107"},
        headers=operator,
    )  # fmt: skip
    assert registered.status_code == 201, registered.text
    candidate_id = uuid.UUID(registered.json()["candidate_id"])
    phone = bearer_headers(Role.CANDIDATE, candidate_id=candidate_id)
    started = await api.post("/applications", json={"client_id": str(uuid.uuid4())}, headers=phone)
    application_id = str(started.json()["application_id"])
    body = sample_application(i=i, full_name=name, nik=nik, email=email, scheme=scheme)
    sent = await api.post(
        f"/applications/{application_id}/submission",
        json={"client_id": str(uuid.uuid4()), **body},
        headers=phone,
    )
    assert sent.status_code == 200, sent.text
    return application_id


async def test_an_lsp_admin_accepts_one_application_and_returns_another(
    served: Served, desk: BrowserContext
) -> None:
    await seeded(served)
    async with httpx.AsyncClient(base_url=served.registration_api, timeout=30) as api:
        scheme = (await api.get("/schemes/KOP-KASIR/versions/1")).json()
        to_accept, to_return = [await applied(api, i, scheme) for i in range(2)]

        async def both_waiting() -> bool:
            found = (await api.get("/verification/queue", headers=lsp_admin_headers())).json()
            return {q["application_id"] for q in found} == {to_accept, to_return}

        await wait_until(both_waiting, timeout=30, what="both applications in the queue")
        email = await open_staff_account(served, "lsp_admin")  # of the admin's LSP
        page = await desk.new_page()
        await sign_in(page, served, email)
        await expect(page.get_by_role("heading", level=1)).to_have_text("Antrian verifikasi")
        await expect(page.locator("#queue tbody tr")).to_have_count(2)
        await snap(page, "console-06-queue")

        await page.locator(f"#queue tr[data-application='{to_accept}']").get_by_role("link").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(
            "Permohonan Ni Luh Verifikasi 0"
        )
        await expect(page.get_by_text("Banjar Dinas Kaler 1, Desa Bugbug")).to_be_visible()
        await expect(page.locator("#application-status")).to_have_text("Menunggu verifikasi")
        await snap(page, "console-07-application", full_page=True)
        await page.get_by_role("button", name="Terima", exact=True).click()
        await expect(page.locator("#application-status")).to_have_attribute(
            "data-status", "accepted"
        )
        await page.get_by_role("link", name="Kembali ke antrian").first.click()
        await expect(page.locator("#queue tbody tr")).to_have_count(1)

        await page.locator(f"#queue tr[data-application='{to_return}']").get_by_role("link").click()
        accept = page.get_by_role("button", name="Terima", exact=True)
        await page.get_by_role("checkbox", name="Perlu diperbaiki: Alamat lengkap").check()
        await expect(accept).to_be_disabled()  # a marked field is a return, not an acceptance
        give_back = page.get_by_role("button", name="Kembalikan (1 isian)")
        await expect(give_back).to_be_disabled()  # until the reason is written
        reason = "tulis RT/RW dan nama desa sesuai KTP"
        await labelled(page, "Alasan untuk Alamat lengkap").fill(reason)
        await snap(page, "console-08-return")
        await give_back.click()
        await expect(page.locator("#application-status")).to_have_attribute(
            "data-status", "returned"
        )

        admin = lsp_admin_headers()
        accepted = (await api.get(f"/applications/{to_accept}", headers=admin)).json()
        returned = (await api.get(f"/applications/{to_return}", headers=admin)).json()
        assert accepted["status"] == "accepted"
        assert returned["status"] == "returned"
        assert returned["returned"]["reasons"] == [
            {"field": "apl01.personal.address", "reason": reason}
        ]

    await page.get_by_role("button", name="Switch to English").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator("#application-status")).to_have_text("Returned for fixes")
