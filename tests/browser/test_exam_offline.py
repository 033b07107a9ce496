"""A candidate's exam on a phone in a hall whose network drops: the sealed package downloaded
ahead of the session, FR.AK.01 agreed on the phone before the start (with no signal, tapped
twice, sent once when the signal returns), opened with the start code the assessor reads out,
the first answer kept on the phone until the assessor countersigns, the first two
questions answered online, then the network off from the third question to the last (with a
reload in the middle), and the network back: every answer the phone wrote is on the server
exactly once, and "all answers sent" shows only then. A second phone of the same candidate then
takes up where the first left off. Debian's Chromium at 360 x 640; assessment's API on a real
socket behind the test's own nginx with the built app; real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, Response, expect

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from eventkit.testing.infra import unique_topic
from eventkit.testing.waiting import ConditionTimeout, wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers
from servicekit.testing.services import started

from .conftest import PHONE
from .exam_hall import planned, seeded_cashier_bank
from .serving import free_port, http_server, nginx
from .test_candidate_app import snap, unlabelled_controls

pytestmark = pytest.mark.integration

LSP = uuid4()
SENT_MS = 30_000
ESSAY = "Kas harian dicocokkan dengan bukti setoran dan penarikan setiap sore."


@dataclass(frozen=True)
class Hall:
    base: str  # the one origin: the app at /, assessment's API at /api/assessment/
    service: AssessmentService
    staff: httpx.AsyncClient  # the LSP's office and the assessor's tablet, straight to the API
    session_id: str
    attempt_id: str
    candidate_id: UUID
    assessor: UUID

    def candidate(self) -> dict[str, str]:
        return bearer_headers(Role.CANDIDATE, candidate_id=self.candidate_id)

    def assessor_headers(self) -> dict[str, str]:
        return bearer_headers(Role.ASSESSOR, account_id=self.assessor, lsp_id=LSP)


@pytest.fixture
async def hall(wiring: Any, web_dist: Path, tmp_path: Path) -> AsyncIterator[Hall]:
    service = AssessmentService(
        wiring.settings,
        schema=wiring.assessment_schema,
        database=wiring.database,
        source_topic=wiring.topic,
        topic=unique_topic("kompeten.assessment.events"),
        group_id=wiring.group,
    )
    async with started(service):
        await seeded_cashier_bank(service, LSP)
        transport = httpx.ASGITransport(app=create_app(service))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://t", timeout=30) as staff,
            http_server(create_app(service)) as assessment_port,
        ):
            port = free_port()
            folder = tmp_path / "proxy"
            async with nginx(port, {"assessment": assessment_port}, folder, web_dist) as base:
                yield await planned_hall(base, service, staff)


async def planned_hall(base: str, service: AssessmentService, staff: httpx.AsyncClient) -> Hall:
    plan = await planned(service, staff, LSP)
    return Hall(
        base, service, staff, plan.session_id, plan.attempt_id, plan.candidate_id, plan.assessor
    )


async def test_an_exam_written_offline_reaches_the_server_once_and_says_so_only_then(
    hall: Hall, phone: BrowserContext
) -> None:
    page = await signed_in(phone, hall, "#/ujian")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ujian saya")
    card = page.locator(f'[data-attempt="{hall.attempt_id}"]')
    await expect(card.locator("[data-package]")).to_have_attribute("data-package", "saved")
    await snap(page, "10-exams")

    consent_posts = sent_consents(phone, hall)
    await card.get_by_role("link", name="Buka ujian").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ujian KOP-KASIR")
    await agreed_offline(page, phone, hall)
    assert consent_posts == [200]  # one signature sent, though tapped twice and queued offline

    code = await started_with_code(hall)
    await snap(page, "11-exam-unlock")
    await page.get_by_label("Kode mulai (8 karakter)").fill("SALAH123")
    await page.get_by_role("button", name="Mulai ujian").click()
    await expect(page.get_by_role("alert")).to_contain_text("Kode salah")
    assert await unlabelled_controls(page) == []
    await page.get_by_label("Kode mulai (8 karakter)").fill(code.lower())  # read out, typed
    await page.get_by_role("button", name="Mulai ujian").click()
    total = await question_count(page)
    assert total == 41  # the seeded cashier bank: 10 per unit, one essay

    countdown = page.locator("#exam-countdown")
    await expect(countdown).to_have_attribute("data-from-server", "yes", timeout=SENT_MS)
    assert 55 * 60 <= int(await countdown.get_attribute("data-seconds") or 0) <= 60 * 60
    pending = page.locator("#exam-pending")
    all_sent = page.locator("#all-sent")

    await answer(page, 1, total)
    # The server takes no answer before the assessor has countersigned FR.AK.01: that is no
    # refusal; the answer stays on the phone and the screen says what it waits for.
    link = page.locator("#exam-link")
    await expect(link).to_have_attribute("data-link", "countersign", timeout=SENT_MS)
    await expect(link).to_have_text(re.compile("Menunggu tanda tangan asesor"))
    await expect(pending).to_have_attribute("data-count", "1")
    assert (await held(hall))["answers"] == {}
    await snap(page, "12-exam-countersign-awaited")
    await countersigned(hall)
    await answer(page, 2, total)
    await expect(pending).to_have_attribute("data-count", "0", timeout=SENT_MS)
    assert len((await held(hall))["answers"]) == 2
    await snap(page, "12-exam-question")

    # The shell must come from the service worker when the page is reloaded with no network.
    await served_by_its_worker(page)
    await phone.set_offline(True)
    await expect(page.locator("#exam-link")).to_have_attribute("data-link", "offline")
    for n in range(3, 21):
        await answer(page, n, total)
    # Question 21 on screen: a quick change of mind (two records, each its own sequence), then
    # the page reloaded offline.
    await page.locator("label.option").nth(2).click()
    await choose(page, 21 % 4)
    await page.reload()
    await expect(page.locator(".question")).to_have_attribute("data-index", "21")
    await expect(page.locator("label.option").nth(21 % 4).locator("input")).to_be_checked()
    await expect(countdown).to_have_attribute("data-from-server", "yes")
    await expect(pending).to_have_attribute("data-count", "20")  # 3..20, and 21 twice
    for n in range(21, total + 1):
        await answer(page, n, total)
    await expect(page.get_by_role("heading", name="Periksa sebelum mengakhiri")).to_be_visible()
    await expect(page.get_by_text("Semua soal sudah dijawab.")).to_be_visible()
    await page.get_by_role("button", name="Akhiri ujian").click()
    await expect(page.get_by_role("heading", name="Ujian selesai")).to_be_visible()

    written = sorted(await records_on_the_phone(page), key=lambda r: r["seq"])
    assert [r["seq"] for r in written] == list(range(1, total + 2))
    assert [r["text"] for r in written if r.get("text")] == [ESSAY]  # the essay, written once
    # The exam's clock runs on across the reload: no answer is earlier than the one before.
    elapsed = [r["elapsed_ms"] for r in written]
    assert elapsed == sorted(elapsed) and elapsed[0] > 0
    await expect(pending).to_have_attribute("data-count", str(total - 1))
    await expect(all_sent).to_have_count(0)
    assert len((await held(hall))["answers"]) == 2  # nothing left the phone while offline
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await snap(page, "13-exam-finished-offline")

    await phone.set_offline(False)
    await expect(all_sent).to_be_visible(timeout=SENT_MS)
    await expect(all_sent).to_have_text(
        "Semua jawaban sudah terkirim: server telah menerima seluruh jawaban Anda."
    )
    await expect(pending).to_have_attribute("data-count", "0")
    await snap(page, "14-exam-all-sent")
    await page.get_by_role("button", name="Switch to English").click()
    await expect(all_sent).to_have_text(
        "All answers sent: the server has received every answer of yours."
    )

    # Every record the phone wrote is on the server exactly once, and what counts is the latest.
    recorded = Counter(await answer_ids_recorded(hall))
    assert set(recorded) == {r["answer_id"] for r in written}
    assert set(recorded.values()) == {1}
    state = await held(hall)
    assert state["all_sent"] and state["held_through"] == state["written_through"] == total + 1
    latest = {r["question_id"]: r for r in written}
    assert {q: a["answer_id"] for q, a in state["answers"].items()} == {
        q: r["answer_id"] for q, r in latest.items()
    }

    assert await signatures(hall) == ["candidate", "assessor"]
    assert consent_posts == [200]

    await another_phone_takes_up(hall, phone, latest, total)


async def another_phone_takes_up(
    hall: Hall, phone: BrowserContext, latest: dict[str, dict[str, Any]], total: int
) -> None:
    """The same candidate on a second phone (the first broke): the package again, the code
    from the server, the held answers restored, and a new answer above every sequence held."""
    browser = phone.browser
    assert browser is not None
    other = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        consent_posts = sent_consents(other, hall)
        page = await signed_in(other, hall, f"#/ujian/{hall.attempt_id}")
        # Both have signed (the server says so): this phone asks for no second signature.
        await expect(page.locator("#consent-state")).to_have_attribute("data-state", "complete")
        await page.get_by_role("button", name="Ambil kode dari server").click()
        await expect(page.locator(".question")).to_have_attribute("data-index", "1")
        first = await page.locator(".question").get_attribute("data-question")
        chosen = latest[first or ""]["choice"]
        option = page.locator("label.option").nth(chosen).locator("input")
        await expect(option).to_be_checked()
        changed = (chosen + 1) % 4
        await choose(page, changed)
        await expect(page.locator("#exam-pending")).to_have_attribute("data-count", "0")
        state = await held(hall)
        assert state["answers"][first]["seq"] == total + 2
        assert state["answers"][first]["choice"] == changed
        assert consent_posts == [] and await signatures(hall) == ["candidate", "assessor"]
    finally:
        await other.close()


async def agreed_offline(page: Page, phone: BrowserContext, hall: Hall) -> None:
    """FR.AK.01 before the start code: the terms in Bahasa Indonesia, English a tap away;
    'Saya setuju' tapped twice at once with no signal, the page reloaded, the signal back."""
    terms = page.get_by_role("region", name="Persetujuan asesmen dan kerahasiaan (FR.AK.01)")
    text = terms.locator("#consent-terms")
    await expect(text).to_have_attribute("lang", "id")
    await expect(text).to_contain_text("Saya bersedia diases dengan instrumen tersebut")
    assert await page.get_by_label("Kode mulai (8 karakter)").count() == 0  # no start before it
    await terms.get_by_role("button", name="Read in English").click()
    await expect(text).to_have_attribute("lang", "en")
    await expect(text).to_contain_text("I agree to be assessed with those instruments")
    await snap(page, "11-exam-consent")
    await terms.get_by_role("button", name="Baca dalam Bahasa Indonesia").click()
    await expect(text).to_have_attribute("lang", "id")
    assert await unlabelled_controls(page) == []

    await served_by_its_worker(page)
    await phone.set_offline(True)
    # Two taps in one go, before the screen can change: the handler must keep one signature.
    await page.get_by_role("button", name="Saya setuju").evaluate("b => { b.click(); b.click(); }")
    state = page.locator("#consent-state")
    await expect(state).to_have_attribute("data-state", "queued")
    await expect(page.get_by_label("Kode mulai (8 karakter)")).to_be_visible()
    await page.reload()
    await expect(state).to_have_attribute("data-state", "queued")
    assert await signatures(hall) == []  # nothing left the phone
    await phone.set_offline(False)
    await expect(state).to_have_attribute("data-state", "signed", timeout=SENT_MS)
    await expect(state).to_contain_text("tercatat di server")
    assert await signatures(hall) == ["candidate"]


async def served_by_its_worker(page: Page) -> None:
    """The page is controlled by the app's service worker: a reload with no network gets the
    shell. Polled from here: wait_for_function would eval in the page, which its CSP forbids."""

    async def controlled() -> bool:
        return bool(await page.evaluate("navigator.serviceWorker.controller !== null"))

    # An active worker first (it precaches the shell: slow on a loaded machine); a page it did
    # not claim in time is controlled once reloaded, as a person's next visit would be.
    await asyncio.wait_for(page.evaluate("navigator.serviceWorker.ready.then(() => true)"), 60)
    if not await controlled():
        try:
            await wait_until(controlled, timeout=15, what="the service worker claiming the page")
        except ConditionTimeout:
            await page.reload()
    await wait_until(controlled, timeout=30, what="the service worker controlling the page")


def sent_consents(context: BrowserContext, hall: Hall) -> list[int]:
    """The status of every consent POST this browser made that got an answer."""
    found: list[int] = []
    path = f"/api/assessment/exams/{hall.attempt_id}/consent"

    def seen(response: Response) -> None:
        if response.request.method == "POST" and response.url.endswith(path):
            found.append(response.status)

    context.on("response", seen)
    return found


async def countersigned(hall: Hall) -> None:
    """The assessor signs FR.AK.01 on the tablet, on the terms the package carries."""
    package = await hall.staff.get(f"/exams/{hall.attempt_id}/package", headers=hall.candidate())
    terms = package.json()["consent"]["terms_version"]
    signed = await hall.staff.post(
        f"/attempts/{hall.attempt_id}/consent",
        json={"terms_version": terms},
        headers=hall.assessor_headers(),
    )
    assert signed.status_code == 200 and signed.json()["complete"], signed.text


async def signatures(hall: Hall) -> list[str]:
    """The parties of every FR.AK.01 signature in the attempt's preparation stream, in order."""
    rows = await hall.service.pool.fetch(
        f'SELECT data FROM "{hall.service.schema}".events '
        "WHERE stream_id = $1 AND event_type = 'ConsentSigned' ORDER BY stream_version",
        f"preparation-{hall.attempt_id}",
    )
    parties = []
    for row in rows:
        data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
        parties.append(data["party"])
    return parties


async def signed_in(context: BrowserContext, hall: Hall, screen: str) -> Page:
    """The phone signed in as the candidate (the token registration's sign-in would issue; the
    sign-in itself is test_candidate_app's), kept where the app keeps its session, and the app
    started again on `screen`."""
    token = hall.candidate()["Authorization"].removeprefix("Bearer ")
    session = {"token": token, "account_id": str(uuid4()), "candidate_id": str(hall.candidate_id),
               "email": "sari@example.id"}  # fmt: skip
    page = await context.new_page()
    await page.goto(hall.base + "/")
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
    await page.goto(f"{hall.base}/{screen}")
    await page.reload()
    return page


async def started_with_code(hall: Hall) -> str:
    """The assessor starts the session and reads the start code out in the hall."""
    started = await hall.staff.post(
        f"/sessions/{hall.session_id}/start", headers=hall.assessor_headers()
    )
    assert started.status_code == 200, started.text
    got = await hall.staff.get(
        f"/sessions/{hall.session_id}/start-code", headers=hall.assessor_headers()
    )
    assert got.status_code == 200, got.text
    code: str = got.json()["start_code"]
    return code


async def question_count(page: Page) -> int:
    heading = page.locator(".question h2")
    await expect(heading).to_have_text(re.compile(r"^Soal 1 dari \d+$"))
    return int((await heading.text_content() or "").rsplit(" ", 1)[1])


async def answer(page: Page, n: int, total: int) -> None:
    """Question n on screen: a choice (the n-th option, cycling) or the essay, then on."""
    question = page.locator(".question")
    await expect(question).to_have_attribute("data-index", str(n))
    essay = page.get_by_label("Jawaban Anda")
    if await essay.count():
        await essay.fill(ESSAY)
    else:
        await choose(page, n % 4)
    name = "Periksa jawaban" if n == total else "Berikutnya"
    await page.get_by_role("button", name=name).click()


async def choose(page: Page, option: int) -> None:
    """A tap on an option; shown as chosen once its record is in IndexedDB."""
    await page.locator("label.option").nth(option).click()
    await expect(page.locator("label.option").nth(option)).to_have_class(re.compile(r"\bchosen\b"))


async def records_on_the_phone(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await page.evaluate(
        """() => new Promise((resolve, reject) => {
             const open = indexedDB.open("kompeten");
             open.onsuccess = () => {
               const all = open.result.transaction("answers").objectStore("answers").getAll();
               all.onsuccess = () => { open.result.close(); resolve(all.result); };
               all.onerror = () => reject(all.error);
             };
           })"""
    )
    return found


async def held(hall: Hall) -> dict[str, Any]:
    got = await hall.staff.get(f"/exams/{hall.attempt_id}", headers=hall.candidate())
    assert got.status_code == 200, got.text
    state: dict[str, Any] = got.json()
    return state


async def answer_ids_recorded(hall: Hall) -> list[str]:
    """Every answer id in the attempt's AnswersRecorded events (applied, superseded, refused)."""
    rows = await hall.service.pool.fetch(
        f'SELECT data FROM "{hall.service.schema}".events '
        "WHERE stream_id = $1 AND event_type = 'AnswersRecorded' ORDER BY stream_version",
        f"attempt-{hall.attempt_id}",
    )
    ids = []
    for row in rows:
        data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
        ids += [a["answer_id"] for a in [*data["applied"], *data["superseded"]]]
        ids += [r["record"]["answer_id"] for r in data["refused"]]
    return ids
