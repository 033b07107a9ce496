"""Certification decisions and print batches in the console, in Debian's Chromium at an office
window's size, against the built console and certificate behind the test's own nginx (real
PostgreSQL and Kafka: the recommendations, the scheme version and the holders' sealed names
arrive on their topics as assessment and registration publish them).

The LSP's decision maker opens the session awaiting decisions, decides one candidate K (the
certificate's number appears), decides another BK against the recommendation (refused until the
reason is written), then decides the rest of the session as recommended and reads on
its row why one was refused (they are named among that candidate's assessors). The LSP's admin
then asks for the session's print batch from the same session's page, watches the progress bar
finish, reads who is ready and who is missing and why (the agreement not signed, BK, awaiting
the decision) and downloads the merged print file by its link: one page, the ready one."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import (
    api_of,
    candidate,
    decision_maker,
    lsp_admin,
    publish,
    running_certificate,
    sealed_holder,
)
from playwright.async_api import BrowserContext, Page, expect
from printing_cases import PROFILE, page_count, scheme_version

from certificate.agreements.domain.agreement import VERSION
from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from eventkit.testing.waiting import wait_until

from .serving import free_port, http_server, nginx
from .test_console import snap, unlabelled

pytestmark = pytest.mark.integration
LSP = uuid4()


@dataclass(frozen=True)
class Office:
    base: str
    service: CertificateService
    api: httpx.AsyncClient  # certificate's API, straight


@pytest.fixture
async def office(web_dist: Path, tmp_path: Path) -> AsyncIterator[Office]:
    (tmp_path / "proxy").mkdir()
    async with (
        running_certificate() as service,
        api_of(service) as api,
        http_server(create_app(service)) as port,
        nginx(free_port(), {"certificate": port}, tmp_path / "proxy", web_dist) as base,
    ):
        yield Office(base, service, api)


async def signed_in(desk: BrowserContext, base: str, headers: dict[str, str], role: str) -> Page:
    """The console signed in as this staff member (the token registration's sign-in issues, as
    the console keeps it; the sign-in itself is test_console's)."""
    token = headers["Authorization"].removeprefix("Bearer ")
    part = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    staff = {"token": token, "account_id": claims["sub"], "role": role, "districts": [],
             "lsp_id": str(LSP), "email": f"{role}@lsp.example.id",
             "expires_at": claims["exp"] * 1000}  # fmt: skip
    page = await desk.new_page()
    await page.goto(base + "/console/")
    await page.evaluate(
        "(s) => sessionStorage.setItem('kompeten.console.session', JSON.stringify(s))", staff
    )
    await page.reload()
    await expect(page.locator("#signed-in")).to_contain_text(staff["email"])
    return page


async def sign_agreement(api: httpx.AsyncClient, session_id: UUID, holder: UUID) -> None:
    async def issued() -> str | None:
        found = (await api.get("/certificates", params={"session_id": str(session_id)},
                               headers=lsp_admin(LSP))).json()  # fmt: skip
        return next((c["certificate_id"] for c in found if c["candidate_id"] == str(holder)), None)

    certificate_id = await wait_until(issued, timeout=30, what="the certificate issued")
    signed = await api.post(f"/certificates/{certificate_id}/agreement",
                            json={"agreement_version": VERSION, "agree": True},
                            headers=candidate(holder))  # fmt: skip
    assert signed.status_code == 200, signed.text

    async def released() -> bool:
        found = await api.get(f"/certificates/{certificate_id}", headers=lsp_admin(LSP))
        return bool(found.json()["status"] == "valid")

    await wait_until(released, timeout=30, what="the agreement signed in the register")


async def test_a_session_is_decided_and_its_print_batch_made_and_downloaded(
    office: Office, desk: BrowserContext, tmp_path: Path
) -> None:
    service, api = office.service, office.api
    member = uuid4()  # the decision maker's account
    session_id = uuid4()
    one, signed_later, failed, own, disagreed = (
        recommendation(lsp_id=LSP, session_id=session_id),
        recommendation(lsp_id=LSP, session_id=session_id),
        recommendation(lsp_id=LSP, session_id=session_id, competent=False),
        recommendation(lsp_id=LSP, session_id=session_id, assessor_ids=(member,)),
        recommendation(lsp_id=LSP, session_id=session_id),
    )
    await publish(service.registration_topic, [scheme_version(LSP)])
    details = {"full_name": "Ni Made Sari", "birth_place": "Amlapura", "birth_date": "1991-03-04"}
    holders = [one.candidate_id, signed_later.candidate_id]
    await publish(service.personal_data_topic,
                  [await sealed_holder(service, h, details) for h in holders])  # fmt: skip
    await publish(service.source_topic, [one, signed_later, failed, own, disagreed])
    assert (
        await api.put("/print-profile", json=PROFILE, headers=lsp_admin(LSP))
    ).status_code == 200

    async def all_received() -> bool:
        found = await api.get("/recommendations", params={"session_id": str(session_id)},
                              headers=lsp_admin(LSP))  # fmt: skip
        ready = await service.features().holders.sealed(holders)
        return len(found.json()) == 5 and len(ready) == 2

    await wait_until(all_received, timeout=60, what="the session's recommendations and names")
    await wait_until(lambda: service.features().schemes.get_many({("KOP-KASIR", 1)}),
                     timeout=60, what="the scheme version received")  # fmt: skip

    decider = await signed_in(desk, office.base, decision_maker(LSP, member), "decision_maker")
    menu = decider.get_by_role("navigation", name="Menu konsol").get_by_role("link")
    await expect(menu).to_have_text(["Keputusan sertifikasi"])
    await expect(decider.get_by_role("heading", level=1)).to_have_text("Keputusan sertifikasi")
    await decider.locator(f"#decision-sessions tr[data-session='{session_id}'] a").click()
    await expect(decider.locator("#awaiting-count")).to_have_text("5 dari 5 menunggu keputusan.")
    first = decider.locator(f"#recommendations tr[data-attempt='{one.attempt_id}']")
    short = str(one.candidate_id)[:8]
    await decider.get_by_role("button", name=f"Putuskan K untuk {short}").click()
    await expect(first).to_contain_text("Diputuskan K")
    await expect(first).to_contain_text("Sertifikat KOP-KASIR/")
    await expect(decider.locator("#awaiting-count")).to_have_text("4 dari 5 menunggu keputusan.")
    assert await unlabelled(decider) == []
    # BK against a K recommendation: refused until the reason is written, then decided.
    against = decider.locator(f"#recommendations tr[data-attempt='{disagreed.attempt_id}']")
    other = str(disagreed.candidate_id)[:8]
    await decider.get_by_role("button", name=f"Putuskan BK untuk {other}").click()
    await expect(against).to_have_class("refused")
    await expect(against.locator("ul.reasons")).to_be_visible()
    await decider.get_by_label(f"Alasan untuk {other}").fill("bukti portofolio tidak autentik")
    await decider.get_by_role("button", name=f"Putuskan BK untuk {other}").click()
    await expect(against).to_contain_text("Diputuskan BK")
    await expect(against).not_to_have_class("refused")
    await expect(decider.locator("#awaiting-count")).to_have_text("3 dari 5 menunggu keputusan.")
    await decider.get_by_role("button", name="Putuskan 3 sesuai rekomendasi").click()
    await expect(decider.get_by_text("2 diputuskan; 1 ditolak")).to_be_visible()
    refused = decider.locator(f"#recommendations tr[data-attempt='{own.attempt_id}']")
    await expect(refused).to_contain_text("Anda tercantum sebagai asesor kandidat ini")
    await expect(decider.locator(f"tr[data-attempt='{failed.attempt_id}']")).to_contain_text(
        "Diputuskan BK"
    )
    await snap(decider, "console-12-decisions")

    await sign_agreement(api, session_id, one.candidate_id)
    admin = await signed_in(desk, office.base, lsp_admin(LSP), "lsp_admin")
    await admin.goto(f"{office.base}/console/#/keputusan/{session_id}")
    await admin.get_by_role("button", name="Cetak sertifikat sesi ini").click()
    await expect(admin.get_by_role("heading", level=1)).to_contain_text("Batch cetak")
    await expect(admin.locator("#render-progress")).to_be_visible()
    await expect(admin.locator("#batch-progress")).to_have_attribute(
        "data-state", "printed", timeout=30_000
    )
    await expect(admin.locator("#render-progress")).to_have_attribute("value", "100")
    await expect(admin.locator("#render-status")).to_have_text(
        "Selesai: 1 halaman dalam satu berkas."
    )
    await expect(admin.locator("#batch-ready")).to_have_text("1")
    await expect(admin.locator("#batch-missing")).to_have_text("4")
    rows = {str(e.candidate_id): e for e in (one, signed_later, failed, own, disagreed)}
    why = {
        str(one.candidate_id): "",
        str(signed_later.candidate_id): "perjanjian pemegang belum ditandatangani",
        str(failed.candidate_id): "diputuskan belum kompeten (BK)",
        str(own.candidate_id): "menunggu keputusan sertifikasi",
        str(disagreed.candidate_id): "diputuskan belum kompeten (BK)",
    }
    for candidate_id in rows:
        row = admin.locator(f"#batch-members-table tr[data-candidate='{candidate_id}']")
        await expect(row.locator("td").last).to_have_text(why[candidate_id])
    await snap(admin, "console-13-print-batch")
    link = admin.locator("#print-file")
    await expect(link).to_contain_text("Unduh berkas cetak (PDF, 1 halaman")
    async with admin.expect_download() as downloading:
        await link.click()
    saved = tmp_path / "print.pdf"
    await (await downloading.value).save_as(saved)
    assert page_count(saved.read_bytes()) == 1

    await admin.get_by_role("button", name="Switch to English").click()
    await expect(admin.locator("#render-status")).to_have_text("Done: 1 pages in one file.")
    listed = admin.get_by_role("link", name="Back to print batches")
    await listed.click()
    await expect(admin.locator("#batches tbody tr")).to_have_count(1)
