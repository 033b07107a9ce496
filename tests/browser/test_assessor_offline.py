"""An assessor's day in a hall with no signal, on an emulated tablet (Debian's Chromium at
800 x 1280, touch): signed in with the mailed code, the session downloaded while there is signal,
then the network off: the exam started, attendance for every candidate, observations per
criterion, an interview note, an essay mark and K/BK per unit with evidence and feedback for one
candidate, a reload with no network, and the network back: the server holds every record the
tablet wrote exactly once (the record ids in IndexedDB against the server's capture and its event
log), the start at the moment it was made offline and the judgement once; syncing again sends
nothing. A second tablet of the same assessor then changes a criterion while the first changes it
offline: the first shows the conflict and settles it. Registration and assessment on real sockets
behind the test's own nginx with the built app; real PostgreSQL, Kafka and SMTP sink."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import cashier_bank
from playwright.async_api import BrowserContext, Page, expect

from assessment.api.app import create_app as assessment_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.testing.infra import unique_topic
from eventkit.testing.mail import code_in, mail_with_subject, mails_to
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from registration.identity.application.codes import SUBJECT as CODE_SUBJECT
from servicekit.auth import bearer_headers
from servicekit.testing.services import started

from ..services import JOURNEY_LSP, lsp_admin_headers, running_registration
from .serving import CHROMIUM, free_port, http_server, nginx
from .test_candidate_app import labelled, snap, unlabelled_controls

pytestmark = pytest.mark.integration

TABLET = {"width": 800, "height": 1280}  # a 10-inch Android tablet, portrait
LANDSCAPE = {"width": 1024, "height": 768}
CANDIDATES = 3
SYNC_MS = 30_000
UNITS = [f"M.649000.01{n}.01" for n in range(1, 5)]
CRITERIA = ["1.1", "1.2", "2.1"]


@dataclass(frozen=True)
class Hall:
    base: str
    folder: Path  # the test's nginx: its access log says what the tablets sent
    service: AssessmentService
    api: httpx.AsyncClient  # assessment's API, straight
    session_id: str
    candidates: list[str]  # in the roster's order
    attempts: dict[str, str]
    assessor: UUID
    email: str

    def as_assessor(self) -> dict[str, str]:
        return bearer_headers(Role.ASSESSOR, account_id=self.assessor, lsp_id=JOURNEY_LSP)


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
    async with running_registration(wiring) as registration, started(service):
        await cashier_bank(service, JOURNEY_LSP)
        transport = httpx.ASGITransport(app=assessment_app(service))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://t", timeout=30) as api,
            http_server(registration_app(registration)) as registration_port,
            http_server(assessment_app(service)) as assessment_port,
        ):
            folder = tmp_path / "proxy"
            upstreams = {"registration": registration_port, "assessment": assessment_port}
            async with nginx(free_port(), upstreams, folder, web_dist) as base:
                yield await planned(base, folder, service, api)


async def planned(
    base: str, folder: Path, service: AssessmentService, api: httpx.AsyncClient
) -> Hall:
    """The assessor's staff account in registration (they sign in with its mailed code), the
    same account licensed in assessment, and a cashier session starting in 5 minutes (its start
    code is out) with three accepted candidates, all theirs."""
    email = f"asesor.{uuid4().hex[:8]}@lsp.example.id"
    async with httpx.AsyncClient(base_url=f"{base}/api/registration", timeout=30) as reg:
        opened = await reg.post(
            "/staff", json={"email": email, "role": "assessor"}, headers=lsp_admin_headers()
        )
        assert opened.status_code == 201, opened.text
    assessor = UUID(opened.json()["account_id"])
    admin = lsp_admin_headers()
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    site_id = await verified_site(api, admin, starts.date())
    await licensed_assessor(api, admin, assessor, starts.date())
    applications = [
        AcceptedApplication(
            uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], starts, JOURNEY_LSP
        )
        for _ in range(CANDIDATES)
    ]
    async with service.pool.acquire() as conn, conn.transaction():
        for application in applications:
            await service.accepted().add(conn, application)
    body = {
        "scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
        "district_code": "5107", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(), "exam_minutes": 60,
        "capacity": 40, "assessor_ids": [str(assessor)],
    }  # fmt: skip
    session = await api.post("/sessions", json=body, headers=admin)
    assert session.status_code == 201, session.text
    session_id = session.json()["session_id"]
    ids = [str(a.application_id) for a in applications]
    assigned = await api.post(
        f"/sessions/{session_id}/assignments", json={"application_ids": ids}, headers=admin
    )
    assert assigned.status_code == 200, assigned.text
    roster = await api.get(
        f"/sessions/{session_id}/roster",
        headers=bearer_headers(Role.ASSESSOR, account_id=assessor, lsp_id=JOURNEY_LSP),
    )
    assert roster.status_code == 200, roster.text
    lines = roster.json()["candidates"]
    return Hall(
        base, folder, service, api, session_id, [c["candidate_id"] for c in lines],
        {c["candidate_id"]: c["attempt_id"] for c in lines}, assessor, email,
    )  # fmt: skip


@pytest.fixture
async def tablets() -> AsyncIterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `python3 deploy/local/stack.py browser-tools` installs "
            "Debian's Chromium (make test does)"
        )
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            await browser.close()


async def tablet(browser: Any, viewport: dict[str, int]) -> BrowserContext:
    context: BrowserContext = await browser.new_context(
        viewport=viewport, is_mobile=True, has_touch=True, service_workers="allow"
    )
    context.set_default_timeout(15_000)
    return context


async def test_an_assessor_records_a_session_offline_and_the_server_holds_it_once(
    hall: Hall, tablets: Any
) -> None:
    first = await tablet(tablets, TABLET)
    page = await signed_in(first, hall)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Sesi asesmen saya")
    card = page.locator(f'[data-session="{hall.session_id}"]')
    await expect(card).to_contain_text(f"{CANDIDATES} dari {CANDIDATES} peserta untuk Anda")
    await snap(page, "assessor-02-sessions")
    await card.get_by_role("link").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Sesi KOP-KASIR")
    code = page.locator("#start-code")
    await expect(code).to_have_text(re.compile(r"^[A-Z0-9]{8}$"))
    await expect(
        page.get_by_text("Tersimpan di tablet untuk dipakai tanpa sinyal.")
    ).to_be_visible()
    await expect(page.locator(".roster-row")).to_have_count(CANDIDATES)
    await page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert await unlabelled_controls(page) == []

    # The hall has no signal from here on.
    await first.set_offline(True)
    await expect(page.locator("#sync")).to_have_attribute("data-online", "no")
    page.on("dialog", lambda dialog: dialog.accept())
    started_before = datetime.now(UTC)
    await page.get_by_role("button", name="Mulai ujian").click()
    await expect(page.locator("#session-status")).to_have_attribute(
        "data-status", "status_offline_start"
    )
    started_after = datetime.now(UTC)
    for n, candidate in enumerate(hall.candidates):
        row = page.locator(f'.roster-row[data-candidate="{candidate}"]')
        await row.get_by_label("Terlambat" if n == 2 else "Hadir", exact=True).check()
        await expect(row).to_have_attribute("data-presence", "late" if n == 2 else "present")
        await row.get_by_role("checkbox").check()
        await expect(row.get_by_role("checkbox")).to_be_checked()
    await snap(page, "assessor-03-session-offline")

    assessed = hall.candidates[0]
    await (
        page.locator(f'.roster-row[data-candidate="{assessed}"]')
        .get_by_role("link", name=re.compile("^Nilai"))
        .click()
    )
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Peserta 1")
    for unit in UNITS:
        for criterion in CRITERIA:
            outcome = "Belum kompeten" if (unit, criterion) == (UNITS[1], "2.1") else "Kompeten"
            await observe(page, f"{unit}/{criterion}", outcome)
    interview = page.locator('form[data-subject^="interview-"]').first
    await interview.get_by_role("textbox").fill("Menjelaskan pencocokan kas harian dengan rinci.")
    await interview.get_by_role("button").click()
    await expect(interview.locator(".saved")).to_be_visible()
    essay = page.locator('form[data-subject^="essay_mark-"]')
    await expect(essay).to_have_count(1)
    await essay.get_by_role("textbox").fill("80")
    await essay.get_by_role("button").click()
    await expect(essay.locator(".saved")).to_have_text(re.compile("Tersimpan: 80"))
    for unit in UNITS:
        fieldset = page.locator(f'fieldset[data-unit="{unit}"]')
        await fieldset.get_by_label(
            "BK (belum kompeten)" if unit == UNITS[1] else "K (kompeten)"
        ).check()
        await fieldset.get_by_label("IA.01", exact=True).check()
    await page.get_by_label("Umpan balik untuk peserta dan dari peserta").fill(
        "Peserta menjelaskan prosedur kas dengan baik; penutupan kas perlu dilatih lagi."
    )
    await page.get_by_role("button", name="Simpan rekomendasi").click()
    await expect(page.locator("#judgement-state")).to_have_attribute("data-state", "queued")
    assert await unlabelled_controls(page) == []
    assert await page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    await snap(page, "assessor-04-candidate-offline")

    written = await records_on_the_tablet(page)
    # 3 x (presence, identity) + 12 criteria + an interview + an essay mark
    assert len(written) == CANDIDATES * 2 + 12 + 2
    assert sorted(r["seq"] for r in written) == list(range(1, len(written) + 1))
    assert len({r["device_id"] for r in written}) == 1
    pending = page.locator("#sync-pending")
    await expect(pending).to_have_attribute("data-count", str(len(written)))
    await expect(pending).to_have_attribute("data-items", "2")  # the start and the judgement

    # A reload with no signal: the service worker serves the app, IndexedDB everything else.
    await page.reload()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Peserta 1")
    await expect(page.locator(f'fieldset[data-criterion="{UNITS[1]}/2.1"]')).to_have_attribute(
        "data-outcome", "not_yet"
    )
    await expect(page.get_by_label("Umpan balik untuk peserta dan dari peserta")).to_have_value(
        re.compile("^Peserta menjelaskan")
    )
    await expect(pending).to_have_attribute("data-count", str(len(written)))
    assert await held_records(hall) == []  # nothing left the tablet
    session = (
        await hall.api.get(f"/sessions/{hall.session_id}", headers=hall.as_assessor())
    ).json()
    assert session["started_at"] is None

    await first.set_offline(False)
    await expect(pending).to_have_attribute("data-count", "0", timeout=SYNC_MS)
    await expect(pending).to_have_attribute("data-items", "0", timeout=SYNC_MS)
    await expect(page.locator("#judgement-state")).to_have_attribute("data-state", "held")
    await snap(page, "assessor-05-synced")

    # The server holds what the tablet wrote, each record once.
    ids = {r["record_id"] for r in written}
    assert {r["record_id"] for r in await held_records(hall)} == ids
    recorded = await record_ids_in_the_log(hall)
    assert set(recorded) == ids and set(recorded.values()) == {1}
    capture = (await hall.api.get(f"/sessions/{hall.session_id}/capture",
                                  headers=hall.as_assessor())).json()  # fmt: skip
    device = written[0]["device_id"]
    assert capture["held_through"] == {device: len(written)}
    presences = {c["candidate_id"]: c["presence"] for c in capture["candidates"]}
    assert presences == {
        c: ("late" if n == 2 else "present") for n, c in enumerate(hall.candidates)
    }
    session = (
        await hall.api.get(f"/sessions/{hall.session_id}", headers=hall.as_assessor())
    ).json()
    started_at = datetime.fromisoformat(session["started_at"])
    assert started_before - timedelta(seconds=1) <= started_at <= started_after
    judged = (await hall.api.get(f"/attempts/{hall.attempts[assessed]}/judgement",
                                 headers=hall.as_assessor())).json()  # fmt: skip
    assert {u["unit_code"]: u["outcome"] for u in judged["units"]} == {
        u: ("BK" if u == UNITS[1] else "K") for u in UNITS
    }
    assert await events_of(hall, f"judgement-{hall.attempts[assessed]}", "UnitsJudged") == 1

    # Syncing again sends nothing: no capture, start or judgement request reaches the proxy.
    sent_before = sends(hall)
    await page.get_by_role("button", name="Sinkronkan sekarang").click()
    await expect(pending).to_have_text(re.compile("Semua catatan sudah diterima server"))
    await page.reload()
    await expect(pending).to_have_attribute("data-count", "0")
    assert sends(hall) == sent_before
    assert await record_ids_in_the_log(hall) == recorded

    # The session as the server started it, and the live view of the hall.
    await page.get_by_role("link", name="Kembali").click()
    await expect(page.locator("#session-status")).to_have_attribute("data-status", "status_started")
    await expect(page.locator('#live-counts [data-state="never_heard"]')).to_have_attribute(
        "data-count", str(CANDIDATES)
    )
    await page.get_by_role("link", name=re.compile(r"^Nilai: Peserta 1 ")).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Peserta 1")

    await a_second_tablet_conflicts_and_the_first_settles(hall, tablets, first, page, assessed)
    await first.close()


async def a_second_tablet_conflicts_and_the_first_settles(
    hall: Hall, browser: Any, first: BrowserContext, page: Page, candidate: str
) -> None:
    """The same assessor on a second tablet (landscape) changes criterion 1.1 of the first unit
    while the first tablet, offline again, changes the same criterion: once the first is back,
    both edits are on the server, neither counts, and the first tablet shows the conflict; the
    assessor keeps the second tablet's value."""
    subject = f"{UNITS[0]}/1.1"
    await first.set_offline(True)
    second = await tablet(browser, LANDSCAPE)
    try:
        other = await signed_in_as(second, hall, await kept(page, "session"))
        await other.goto(f"{hall.base}/assessor/#/sesi/{hall.session_id}/peserta/{candidate}")
        criterion = other.locator(f'fieldset[data-criterion="{subject}"]')
        await expect(criterion).to_have_attribute("data-outcome", "competent")  # read back
        await observe(other, subject, "Tidak diamati")
        await expect(other.locator("#sync-pending")).to_have_attribute(
            "data-count", "0", timeout=SYNC_MS
        )
        # The second tablet holds the first's records (read back) and its own, under its own id.
        devices = {r["device_id"] for r in await records_on_the_tablet(other)}
        assert hall_device(await records_on_the_tablet(page)) in devices and len(devices) == 2
    finally:
        await second.close()

    await observe(page, subject, "Belum kompeten")  # offline, unaware of the other edit
    await first.set_offline(False)
    conflict = page.locator(f'[data-conflict="observation:{subject}"]').first
    await expect(conflict).to_be_visible(timeout=SYNC_MS)
    await expect(conflict.locator("li")).to_have_count(2)
    await expect(conflict).to_contain_text("tidak diamati")
    await expect(conflict).to_contain_text("belum kompeten")
    await snap(page, "assessor-06-conflict")
    state = await candidate_capture(hall, candidate)
    assert [c["subject"] for c in state["conflicts"]] == [subject]

    await conflict.locator("li", has_text="tidak diamati").get_by_role("button").click()
    await expect(page.locator(f'[data-conflict="observation:{subject}"]')).to_have_count(0)
    await expect(page.locator(f'fieldset[data-criterion="{subject}"]')).to_have_attribute(
        "data-outcome", "not_observed"
    )

    async def settled_on_the_server() -> dict[str, Any]:
        state = await candidate_capture(hall, candidate)
        return {} if state["conflicts"] else state

    state = await wait_until(settled_on_the_server, timeout=SYNC_MS / 1000, what="settled")
    await expect(page.locator("#sync-pending")).to_have_attribute("data-count", "0")
    await page.get_by_role("button", name="Switch to English").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Candidate 1")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator("#sync-pending")).to_contain_text("The server has every record")
    settled = next(s for s in state["subjects"] if s["subject"] == subject)
    (current,) = settled["current"]
    record = next(r for r in state["records"] if r["record_id"] == current)
    assert record["outcome"] == "not_observed" and len(record["settles"]) == 1
    recorded = await record_ids_in_the_log(hall)
    assert set(recorded.values()) == {1}
    assert set(recorded) == {r["record_id"] for r in state["records"]} | {
        r["record_id"] for c in (await capture_of(hall))["candidates"] for r in c["records"]
    }


async def signed_in(context: BrowserContext, hall: Hall) -> Page:
    """The assessor signs in on this tablet with the code registration mails."""
    page = await context.new_page()
    await page.goto(hall.base + "/assessor/")
    await expect(page.locator("html")).to_have_attribute("lang", "id")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Masuk sebagai asesor")
    await snap(page, "assessor-01-sign-in")
    async with httpx.AsyncClient(timeout=30) as sink:
        before = [m["id"] for m in await mails_to(hall.email, sink)]
        await labelled(page, "Alamat e-mail").fill(hall.email)
        await page.get_by_role("button", name="Kirim kode").click()
        mail = await mail_with_subject(
            hall.email, CODE_SUBJECT, newer_than=max(before, default=""), client=sink
        )
    await labelled(page, "Kode verifikasi (6 digit)").fill(code_in(mail))
    await page.get_by_role("button", name="Masuk", exact=True).click()
    await expect(page.locator("#signed-in")).to_have_text(hall.email)
    return page


async def signed_in_as(context: BrowserContext, hall: Hall, session: dict[str, Any]) -> Page:
    """Another tablet with the same assessor's sign-in (registration refuses a second code for
    the same address within a minute; signing in itself is the first tablet's part)."""
    page = await context.new_page()
    await page.goto(hall.base + "/assessor/")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Masuk sebagai asesor")
    await page.evaluate(
        """(session) => new Promise((resolve, reject) => {
             const open = indexedDB.open("kompeten-assessor");
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
    await page.reload()
    await expect(page.locator("#signed-in")).to_have_text(hall.email)
    return page


async def kept(page: Page, key: str) -> Any:
    return await page.evaluate(
        """(key) => new Promise((resolve, reject) => {
             const open = indexedDB.open("kompeten-assessor");
             open.onsuccess = () => {
               const got = open.result.transaction("kv").objectStore("kv").get(key);
               got.onsuccess = () => { open.result.close(); resolve(got.result); };
               got.onerror = () => reject(got.error);
             };
           })""",
        key,
    )


async def observe(page: Page, subject: str, outcome: str) -> None:
    criterion = page.locator(f'fieldset[data-criterion="{subject}"]')
    await criterion.get_by_label(outcome, exact=True).check()
    value = {"Kompeten": "competent", "Belum kompeten": "not_yet", "Tidak diamati": "not_observed"}
    await expect(criterion).to_have_attribute("data-outcome", value[outcome])


async def records_on_the_tablet(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await page.evaluate(
        """() => new Promise((resolve, reject) => {
             const open = indexedDB.open("kompeten-assessor");
             open.onsuccess = () => {
               const all = open.result.transaction("records").objectStore("records").getAll();
               all.onsuccess = () => { open.result.close(); resolve(all.result); };
               all.onerror = () => reject(all.error);
             };
             open.onerror = () => reject(open.error);
           })"""
    )
    return found


async def session_facts(hall: Hall) -> dict[str, Any]:
    got = await hall.api.get(f"/sessions/{hall.session_id}", headers=hall.as_assessor())
    assert got.status_code == 200, got.text
    facts: dict[str, Any] = got.json()
    return facts


async def capture_of(hall: Hall) -> dict[str, Any]:
    got = await hall.api.get(f"/sessions/{hall.session_id}/capture", headers=hall.as_assessor())
    assert got.status_code == 200, got.text
    held: dict[str, Any] = got.json()
    return held


async def held_records(hall: Hall) -> list[dict[str, Any]]:
    return [r for c in (await capture_of(hall))["candidates"] for r in c["records"]]


async def candidate_capture(hall: Hall, candidate: str) -> dict[str, Any]:
    got = await hall.api.get(
        f"/sessions/{hall.session_id}/capture/{candidate}", headers=hall.as_assessor()
    )
    assert got.status_code == 200, got.text
    held: dict[str, Any] = got.json()
    return held


async def record_ids_in_the_log(hall: Hall) -> Counter[str]:
    """Every record id in the session's CaptureRecorded events, with how often it is there."""
    rows = await hall.service.pool.fetch(
        f'SELECT data FROM "{hall.service.schema}".events '
        "WHERE stream_id LIKE $1 AND event_type = 'CaptureRecorded'",
        f"capture-{hall.session_id}-%",
    )
    ids: Counter[str] = Counter()
    for row in rows:
        data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
        ids.update(r["record_id"] for r in data["records"])
    return ids


async def events_of(hall: Hall, stream_id: str, event_type: str) -> int:
    count: int = await hall.service.pool.fetchval(
        f'SELECT count(*) FROM "{hall.service.schema}".events '
        "WHERE stream_id = $1 AND event_type = $2",
        stream_id, event_type,
    )  # fmt: skip
    return count


def hall_device(records: list[dict[str, Any]]) -> str:
    (device,) = {str(r["device_id"]) for r in records}
    return device


def sends(hall: Hall) -> int:
    """Writes the tablets sent through the proxy (capture, start, judgement)."""
    log = (hall.folder / "access.log").read_text()
    return len(re.findall(r'"(POST|PUT) /api/assessment/(sessions|attempts)/', log))
