"""A candidate's certificate on their phone, and its verification page opened from its link and
QR code: certificate issued through its own API (a recommendation published as assessment
publishes it, decided K by the LSP's decision maker); the candidate opens "Sertifikat saya",
reads the holder's agreement (Bahasa Indonesia first, English a tap away), signs it (through the
outbox), sees the certificate released, opens the verification link in a new page (valid; the
holder's name, scheme, units and validity; no NIK though the sealed details hold one), which
says suspended on reload once the LSP admin suspends the certificate; and the QR code the app
shows decodes to the same verification token, signed by a key of certificate's published key
set. Debian's Chromium at 360 x 640; certificate's API on a real socket behind the test's own
nginx with the built app; real PostgreSQL and Kafka."""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import UNITS
from certificate_stack import api_of, candidate, lsp_admin, running_certificate
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.async_api import BrowserContext, Page, expect

from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from certificate.issuance.adapters.qr_payload import encode, verify
from certificate.issuance.application.ports import QrClaims
from certificate.verify import payload_of_png, public_keys
from eventkit.testing.waiting import wait_until

from . import certificate_office
from .serving import free_port, http_server, nginx
from .test_candidate_app import unlabelled_controls

pytestmark = pytest.mark.integration

LSP = uuid4()
NAME = "Ni Luh Ayu Lestari"
NIK = "5104024205900003"


@dataclass(frozen=True)
class Office:
    base: str  # the one origin: the app at /, certificate's API at /api/certificate/
    service: CertificateService
    api: httpx.AsyncClient  # the LSP's office, straight to the API


@pytest.fixture
async def office(web_dist: Path, tmp_path: Path) -> AsyncIterator[Office]:
    async with (
        running_certificate() as service,
        api_of(service) as api,
        http_server(create_app(service)) as certificate_port,
        nginx(
            free_port_and(tmp_path), {"certificate": certificate_port}, tmp_path / "proxy", web_dist
        ) as base,  # fmt: skip
    ):
        yield Office(base, service, api)


def free_port_and(tmp_path: Path) -> int:
    (tmp_path / "proxy").mkdir(exist_ok=True)
    return free_port()


async def issued(office: Office, holder: UUID) -> dict[str, Any]:
    # The sealed details hold a NIK too: the public page must never show it.
    return await certificate_office.issued(office.service, office.api, LSP, holder, NAME, NIK)


async def signed_in(context: BrowserContext, base: str, holder: UUID, screen: str) -> Page:
    """The phone signed in as the holder (the token registration's sign-in would issue; the
    sign-in itself is test_candidate_app's), kept where the app keeps its session."""
    token = candidate(holder)["Authorization"].removeprefix("Bearer ")
    session = {"token": token, "account_id": str(uuid4()), "candidate_id": str(holder),
               "email": "ayu@example.id"}  # fmt: skip
    page = await context.new_page()
    await page.goto(base + "/")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await page.evaluate(
        """(session) => new Promise((resolve, reject) => {
             const open = indexedDB.open("kompeten");
             open.onsuccess = () => {
               const tx = open.result.transaction("kv", "readwrite");
               tx.objectStore("kv").put(session, "session");
               tx.oncomplete = () => { open.result.close(); resolve(); };
               tx.onerror = () => reject(tx.error);
             };
             open.onerror = () => reject(open.error);
           })""",
        session,
    )
    await page.goto(f"{base}/{screen}")
    await page.reload()
    return page


async def test_the_holder_signs_and_the_verification_page_opens_from_the_link_and_the_qr(
    office: Office, phone: BrowserContext, tmp_path: Path
) -> None:
    holder = uuid4()
    certificate = await issued(office, holder)
    page = await signed_in(phone, office.base, holder, "#/sertifikat")

    await expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    card = page.locator(f"[data-certificate='{certificate['certificate_id']}']")
    await expect(card).to_contain_text(certificate["number"])
    await expect(card).to_contain_text("KOP-KASIR")
    await expect(card).to_contain_text("Menunggu persetujuan Anda")
    await expect(card).to_contain_text(f"Berlaku {certificate['issued_on']} s.d.")
    await card.get_by_role("link", name=f"Buka sertifikat {certificate['number']}").click()

    # The agreement in Bahasa Indonesia first, English a tap away; signing needs the tick.
    terms = page.locator(".terms")
    await expect(terms).to_have_attribute("lang", "id")
    await expect(terms).to_contain_text("Saya akan mematuhi aturan skema sertifikasi")
    await page.get_by_role("button", name="Baca dalam bahasa Inggris").click()
    await expect(terms).to_have_attribute("lang", "en")
    await expect(terms).to_contain_text("I will comply with the certification scheme's rules")
    sign = page.get_by_role("button", name="Tanda tangani persetujuan")
    await expect(sign).to_be_disabled()
    assert await unlabelled_controls(page) == []
    await page.get_by_label("Saya sudah membaca dan setuju mematuhinya").check()
    await sign.click()

    await expect(page.get_by_text("Sertifikat sudah dirilis.")).to_be_visible(timeout=30_000)
    await expect(page.locator("dd[data-status]")).to_have_attribute("data-status", "valid")
    await expect(page.get_by_role("button", name="Unduh sertifikat (PDF)")).to_be_enabled()
    leftover = await page.evaluate(
        """() => new Promise((resolve) => {
             const open = indexedDB.open("kompeten");
             open.onsuccess = () => {
               const all = open.result.transaction("outbox").objectStore("outbox").getAll();
               all.onsuccess = () => { open.result.close(); resolve(all.result.length); };
             };
           })"""
    )
    assert leftover == 0  # the signature left the phone's outbox once sent
    mine = await office.api.get("/me/certificates", headers=candidate(holder))
    assert mine.json()[0]["released_at"] is not None

    # The verification link opens the public page in a new page: valid, the scheme.
    token = certificate["token"]
    link = page.get_by_role("link", name="Buka halaman verifikasi")
    href = await link.get_attribute("href")
    assert href == f"{office.base}/api/certificate/verify/{token}/page"
    async with phone.expect_page() as opened:
        await link.click()
    public = await opened.value
    await public.wait_for_load_state()
    await expect(public.get_by_role("heading", level=1)).to_contain_text("Verifikasi Sertifikat")
    await expect(public.locator(".status")).to_contain_text("BERLAKU")
    await expect(public.locator("body")).to_contain_text("KOP-KASIR")
    await expect(public.locator("body")).to_contain_text(certificate["number"])
    await public_page_shows_the_minimum(public, certificate)
    await suspended_on_reload(office, public, certificate["certificate_id"])

    # The QR code the app shows decodes to the same token, signed by a published key.
    qr = page.get_by_role("img", name=f"Kode QR verifikasi sertifikat {certificate['number']}")
    await expect(qr).to_be_visible()
    assert await qr.evaluate("(img) => img.complete && img.naturalWidth > 0")  # it rendered
    source = await qr.get_attribute("src")
    assert source is not None and source.startswith("data:image/png;base64,")
    encoded = source.removeprefix("data:image/png;base64,")
    png = tmp_path / "qr.png"
    png.write_bytes(base64.b64decode(encoded))
    keys = public_keys((await office.api.get("/keys")).json())
    claims = verify(payload_of_png(png), keys).claims
    assert (claims.token, claims.number, claims.scheme_code) == (
        token,
        certificate["number"],
        "KOP-KASIR",
    )


async def public_page_shows_the_minimum(public: Page, certificate: dict[str, Any]) -> None:
    """Name, scheme, units, status and validity; no NIK, no birth date, nothing else personal."""
    body = public.locator("body")
    for shown in (NAME, "KOP-KASIR", *UNITS, certificate["issued_on"], certificate["valid_until"]):
        await expect(body).to_contain_text(shown)
    text = await body.inner_text()
    assert NIK not in text and not re.search(r"\d{16}", text), text
    assert "1990-05-02" not in text and "Gianyar" not in text


async def suspended_on_reload(office: Office, public: Page, certificate_id: str) -> None:
    """The LSP admin suspends the certificate; the same page, reloaded, says so."""
    suspended = await office.api.post(
        f"/certificates/{certificate_id}/suspension",
        json={"reason": "complaint_under_review"},
        headers=lsp_admin(LSP),
    )
    assert suspended.status_code == 200, suspended.text

    async def shows_suspended() -> bool:
        await public.reload()
        return "DIBEKUKAN" in await public.locator(".status").inner_text()

    await wait_until(shows_suspended, timeout=30, what="the page saying suspended")
    await expect(public.locator(".status")).to_contain_text("(suspended)")
    await expect(public.locator("body")).not_to_contain_text("BERLAKU (valid)")
    await expect(public.locator("body")).to_contain_text(NAME)


async def test_a_verifier_checks_a_qr_payload_in_the_page_with_the_network_off(
    office: Office, phone: BrowserContext
) -> None:
    """The same check as the offline command, in the page's script (WebCrypto Ed25519): the
    key set saved while online, then genuine, altered and foreign payloads checked offline."""
    holder = uuid4()
    certificate = await issued(office, holder)
    found = await office.api.get(f"/verify/{certificate['token']}")
    payload: str = found.json()["qr_payload"]
    page = await phone.new_page()
    await page.goto(f"{office.base}/api/certificate/verify/offline")
    await expect(page.locator("#keys")).to_contain_text("kunci publik tersimpan")
    assert await unlabelled_controls(page) == []

    await phone.set_offline(True)
    try:
        await checked(page, payload)
        await expect(page.locator("#result")).to_contain_text("ASLI DAN BERLAKU")
        await expect(page.locator("#result")).to_contain_text(certificate["number"])
        await expect(page.locator("#result")).to_contain_text("KOP-KASIR")

        middle = len(payload) // 2  # one character of the signed message changed
        altered = (
            payload[:middle] + ("A" if payload[middle] != "A" else "B") + payload[middle + 1 :]
        )
        await checked(page, altered)
        await expect(page.locator("#result")).to_contain_text("TIDAK SAH")

        await checked(page, foreign_payload(certificate["number"]))
        await expect(page.locator("#result")).to_contain_text("tidak ada di set kunci")
    finally:
        await phone.set_offline(False)


async def checked(page: Page, payload: str) -> None:
    await page.get_by_label("Isi kode QR").fill(payload)
    await page.get_by_role("button", name="Periksa").click()
    await expect(page.locator("#result")).not_to_be_empty()


def foreign_payload(number: str) -> str:
    """A well-formed payload signed by a key the LSP never published."""
    claims = QrClaims(token="AAAAAAAAAAAAAAAAAAAAAA", number=number, lsp_id=LSP,
                      scheme_code="KOP-KASIR", scheme_version=1, unit_codes=("M.1",),
                      issued_on=date(2026, 11, 1), valid_until=date(2029, 10, 31))  # fmt: skip
    return encode(claims, "forged-key", Ed25519PrivateKey.generate())
