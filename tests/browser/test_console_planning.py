"""The console's planning board in Debian's Chromium at an office window's size, against the
built console, registration and assessment behind the test's own nginx (real PostgreSQL, Kafka,
SMTP sink).

An LSP admin signs in with the mailed code, schedules a session (scheme, site, window, seats,
assessor), assigns a cooperative's cashiers to it and reads the refusal of the whole request:
one of them is already in another session at the same time, named on their row; they leave the
refused candidate out, assign the others, and see them on the session's live roster (and
assessment's API holds exactly those two); they move the session to the next day, find it on the
board filtered by status, and call the other session off from its page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import cashier_bank
from playwright.async_api import BrowserContext, expect

from assessment.api.app import create_app as assessment_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.testing.infra import unique_topic
from eventkit.testing.waiting import wait_until
from registration.api.app import create_app as registration_app
from servicekit.testing.services import started

from ..services import JOURNEY_LSP, lsp_admin_headers, running_registration
from .conftest import Served
from .serving import free_port, http_server, nginx
from .test_console import open_staff_account, seeded, sign_in, snap, unlabelled

pytestmark = pytest.mark.integration
MET = "MET.000.001234 2019"


@dataclass(frozen=True)
class Board:
    served: Served
    service: AssessmentService
    api: httpx.AsyncClient  # assessment's API, straight


@pytest.fixture
async def board(wiring: Any, web_dist: Path, tmp_path: Path) -> AsyncIterator[Board]:
    service = AssessmentService(
        wiring.settings,
        schema=wiring.assessment_schema,
        database=wiring.database,
        source_topic=wiring.topic,
        topic=unique_topic("kompeten.assessment.events"),
        group_id=wiring.group,
    )
    port = free_port()
    # The code mail links staff to the console as this test serves it.
    wired = replace(wiring, settings=replace(wiring.settings, app_url=f"http://127.0.0.1:{port}/"))
    async with running_registration(wired) as registration, started(service):
        await cashier_bank(service, JOURNEY_LSP)
        transport = httpx.ASGITransport(app=assessment_app(service))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://t", timeout=30) as api,
            http_server(registration_app(registration)) as registration_port,
            http_server(assessment_app(service)) as assessment_port,
        ):
            upstreams = {"registration": registration_port, "assessment": assessment_port}
            async with nginx(port, upstreams, tmp_path / "proxy", web_dist) as base:
                yield Board(Served(base, registration), service, api)


async def accepted(
    service: AssessmentService, cooperative_id: UUID, on: datetime
) -> AcceptedApplication:
    application = AcceptedApplication(
        uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", cooperative_id, "5107", [], on, JOURNEY_LSP
    )
    async with service.pool.acquire() as conn, conn.transaction():
        await service.accepted().add(conn, application)
    return application


async def already_in_a_session(board: Board, starts: datetime, site_id: UUID, who: UUID) -> None:
    """Another session at the same time, with one of the cohort in it (scheduled through the
    API), projected so that planning's overlap check sees it."""
    admin = lsp_admin_headers()
    body = {"scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
            "district_code": "5107", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=3)).isoformat(), "exam_minutes": 90,
            "capacity": 40, "assessor_ids": [str(await licensed_assessor(
                board.api, admin, uuid4(), starts.date()))]}  # fmt: skip
    other = await board.api.post("/sessions", json=body, headers=admin)
    assert other.status_code == 201, other.text
    applications = await board.api.get(
        "/applications", params={"district_code": "5107"}, headers=admin
    )
    ids = [a["application_id"] for a in applications.json() if a["candidate_id"] == str(who)]
    assigned = await board.api.post(
        f"/sessions/{other.json()['session_id']}/assignments",
        json={"application_ids": ids}, headers=admin,
    )  # fmt: skip
    assert assigned.status_code == 200, assigned.text

    async def projected() -> bool:
        rows = await board.service.pool.fetchval(
            f'SELECT count(*) FROM "{board.service.schema}".session_assignments '
            "WHERE candidate_id = $1", who)  # fmt: skip
        return bool(rows)

    await wait_until(projected, timeout=15, what="the other session's assignment projected")


async def test_an_lsp_planner_schedules_a_session_and_assigns_a_cohort_with_a_refusal(
    board: Board, desk: BrowserContext
) -> None:
    served = board.served
    await seeded(served)
    async with httpx.AsyncClient(base_url=served.registration_api, timeout=30) as reg:
        found = await reg.get("/cooperatives", params={"district_code": "5107", "limit": 2},
                              headers=lsp_admin_headers())  # fmt: skip
        (coop, coop_name), (elsewhere, _) = [(UUID(c["cooperative_id"]), c["name"])
                                             for c in found.json()]  # fmt: skip
    # The browser's clock and the form's fields are the machine's local time.
    starts = (datetime.now().astimezone() + timedelta(days=7)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    admin = lsp_admin_headers()
    site_id = await verified_site(board.api, admin, starts.date())
    await licensed_assessor(board.api, admin, uuid4(), starts.date())
    cohort = [await accepted(board.service, coop, starts) for _ in range(3)]
    await accepted(board.service, elsewhere, starts)  # another cooperative's: not in the cohort
    busy = cohort[1].candidate_id
    await already_in_a_session(board, starts + timedelta(hours=1), site_id, busy)

    page = await desk.new_page()
    await sign_in(page, served, await open_staff_account(served, "lsp_admin"))
    await (
        page.get_by_role("navigation", name="Menu konsol")
        .get_by_role("link", name="Perencanaan asesmen")
        .click()
    )
    await expect(page.locator("#sessions tbody tr")).to_have_count(1)  # the other session
    await page.get_by_role("link", name="Jadwalkan sesi").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Jadwalkan sesi asesmen")
    await expect(page.get_by_label("Skema sertifikasi")).to_have_value("KOP-KASIR")
    await page.get_by_label("Mulai", exact=True).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    ends = starts + timedelta(hours=4)
    await page.get_by_label("Selesai", exact=True).fill(ends.strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_label("Kapasitas (kursi)").fill("30")
    await page.get_by_role("checkbox", name=MET).first.check()
    await snap(page, "console-09-schedule")
    assert await unlabelled(page) == []
    await page.get_by_role("button", name="Jadwalkan", exact=True).click()

    await expect(page.get_by_role("heading", level=1)).to_contain_text("Sesi KOP-KASIR")
    await expect(page.locator("#session-status")).to_have_text("Terjadwal")
    await expect(page.locator("#session-assigned")).to_have_text("0 / 30")
    session_id = page.url.rsplit("/", 1)[-1]
    await page.get_by_label("Koperasi", exact=True).select_option(label=coop_name)
    rows = page.locator("#cohort tbody tr")
    await expect(rows).to_have_count(3)
    await page.get_by_role("button", name="Tetapkan 3 peserta").click()
    refusal = page.locator("#assign-refused")
    await expect(refusal).to_contain_text("Tidak ada yang ditetapkan: 1 peserta")
    refused_row = page.locator(f"#cohort tr[data-candidate='{busy}']")
    await expect(refused_row).to_contain_text("sudah terjadwal di sesi lain pada waktu yang sama")
    await expect(page.locator("#cohort tr.refused")).to_have_count(1)
    await snap(page, "console-10-refusal")
    await page.get_by_role("button", name="Kecualikan yang ditolak").click()
    await page.get_by_role("button", name="Tetapkan 2 peserta").click()
    await expect(page.get_by_text("2 peserta ditetapkan.")).to_be_visible()

    roster = page.locator("#roster tbody tr")
    await expect(roster).to_have_count(2, timeout=20_000)
    expected = {str(cohort[0].candidate_id), str(cohort[2].candidate_id)}
    shown = {await row.get_attribute("data-candidate") for row in await roster.all()}
    assert shown == expected
    await expect(roster.first).to_contain_text("Belum terhubung")
    await expect(page.locator("#session-assigned")).to_have_text("2 / 30")
    await snap(page, "console-11-roster")
    assert await unlabelled(page) == []

    held = await board.api.get(f"/sessions/{session_id}/roster", headers=admin)
    assert {c["candidate_id"] for c in held.json()["candidates"]} == expected

    # Moved to the next day, for a reason; the people assigned are told by assessment.
    window = page.locator("#session-window")
    before = await window.inner_text()
    await page.get_by_text("Ubah jadwal atau batalkan sesi").click()
    later = starts + timedelta(days=1)
    await page.get_by_label("Mulai baru").fill(later.strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_label("Selesai baru").fill(
        (ends + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    await page.get_by_label("Alasan", exact=True).select_option(label="TUK tidak tersedia")
    await page.get_by_role("button", name="Pindahkan jadwal").click()
    await expect(window).not_to_have_text(before)
    moved = (await board.api.get(f"/sessions/{session_id}", headers=admin)).json()
    assert datetime.fromisoformat(moved["starts_at"]) == later
    assert await unlabelled(page) == []

    await page.get_by_role("link", name="Kembali ke perencanaan").first.click()
    await page.get_by_label("Status").select_option("scheduled")
    await expect(page.locator("#sessions tbody tr")).to_have_count(2)
    await expect(page.locator(f"#sessions tr[data-session='{session_id}']")).to_contain_text(
        "2 / 30"
    )
    # The other session is called off from its page.
    other = page.locator(f"#sessions tbody tr:not([data-session='{session_id}'])")
    await other.get_by_role("link").click()
    await page.get_by_text("Ubah jadwal atau batalkan sesi").click()
    await page.get_by_label("Alasan", exact=True).select_option(label="Keadaan kahar")
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Batalkan sesi").click()
    await expect(page.locator("#session-status")).to_have_text("Dibatalkan")
    await page.get_by_role("link", name="Kembali ke perencanaan").first.click()
    await page.get_by_label("Status").select_option("cancelled")
    await expect(page.locator("#sessions tbody tr")).to_have_count(1)
    await page.get_by_label("Status").select_option("scheduled")
    await expect(page.locator("#sessions tbody tr")).to_have_count(1)
    await page.get_by_role("button", name="Switch to English").click()
    await expect(page.locator(f"#sessions tr[data-session='{session_id}']")).to_contain_text(
        "Scheduled"
    )
