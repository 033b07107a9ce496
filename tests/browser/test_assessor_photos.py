"""Evidence photos on the assessor's tablet with no signal (Debian's Chromium at 800 x 1280,
touch): two photos of a candidate taken offline (a large one from the camera input, redrawn
smaller on the tablet, and a small file kept as it is), each named by the SHA-256 the tablet
computed and referenced at once by a `photo` capture record; kept through a reload with no
network; then the network back: both files on the server once (read back by their hash, one
EvidenceFileReceived each), both records once, nothing uploaded again by another sync, and a
photo cited in the judgement. A photo of a candidate whose data was erased is answered 410 once
and not tried again. A second tablet sending the same file is answered 200 "held already",
counted as sent. Registration and assessment on real sockets behind the test's own nginx,
a key store and an evidence folder of the test's own; real PostgreSQL, Kafka and SMTP sink."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from assessment_sitting import cashier_bank, keyed
from PIL import Image
from playwright.async_api import Page, expect

from assessment.api.app import create_app as assessment_app
from assessment.bootstrap import AssessmentService
from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from eventkit.testing.infra import unique_topic
from eventkit.testing.key_store import fresh_key_store
from registration.api.app import create_app as registration_app
from servicekit.testing.services import started

from ..services import JOURNEY_LSP, running_registration
from .serving import free_port, http_server, nginx
from .test_assessor_offline import (
    LANDSCAPE,
    SYNC_MS,
    TABLET,
    UNITS,
    Hall,
    events_of,
    held_records,
    kept,
    planned,
    record_ids_in_the_log,
    records_on_the_tablet,
    signed_in,
    signed_in_as,
    tablet,
    tablets,
)
from .test_candidate_app import snap, unlabelled_controls

pytestmark = pytest.mark.integration
__all__ = ["tablets"]  # the browser fixture, shared with the offline session's test


@pytest.fixture
async def hall(wiring: Any, web_dist: Path, tmp_path: Path) -> AsyncIterator[Hall]:
    """The offline session's hall, with a key store of the test's own in which the first two
    candidates have their key (as registering them does) and the third has none (erased)."""
    async with fresh_key_store() as keys:
        service = AssessmentService(
            wiring.settings,
            schema=wiring.assessment_schema,
            database=wiring.database,
            source_topic=wiring.topic,
            topic=unique_topic("kompeten.assessment.events"),
            group_id=wiring.group,
            evidence_store=FilesystemEvidenceStore(tmp_path / "evidence"),
            key_store=keys.location,
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
                    ready = await planned(base, folder, service, api)
                    await keyed(keys, [UUID(c) for c in ready.candidates[:2]])
                    yield ready


def picture(width: int, height: int, fmt: str) -> bytes:
    """A picture with some detail (a gradient), so that its encodings differ by size."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


async def test_photos_taken_offline_reach_the_server_once(hall: Hall, tablets: Any) -> None:
    context = await tablet(tablets, TABLET)
    page = await signed_in(context, hall)
    await page.locator(f'[data-session="{hall.session_id}"]').get_by_role("link").click()
    await expect(page.locator(".roster-row")).to_have_count(3)
    await page.wait_for_function("navigator.serviceWorker.controller !== null")
    candidate = hall.candidates[0]
    await open_candidate(page, candidate, 1)

    await context.set_offline(True)
    await expect(page.locator("#sync")).to_have_attribute("data-online", "no")
    large = picture(3000, 2000, "PNG")  # a camera's size: redrawn as a JPEG of 2000 x 1333
    small = picture(640, 480, "PNG")  # kept as it is
    await page.get_by_label("Catatan untuk foto berikutnya (boleh kosong)").fill(
        "Peserta menghitung uang kas di meja kasir."
    )
    camera = page.get_by_label("Ambil foto dengan kamera")
    await expect(camera).to_have_attribute("capture", "environment")
    await expect(camera).to_have_attribute("accept", "image/*")
    await camera.set_input_files({"name": "IMG_0001.png", "mimeType": "image/png", "buffer": large})
    photos = page.locator("#photos li[data-photo]")
    await expect(photos).to_have_count(1)
    await page.get_by_label("Atau pilih file foto (JPEG, PNG, WebP)").set_input_files(
        {"name": "kas.png", "mimeType": "image/png", "buffer": small}
    )
    await expect(photos).to_have_count(2)
    for n in range(2):
        await expect(photos.nth(n)).to_have_attribute("data-state", "waiting")
    await expect(photos.first).to_contain_text("Peserta menghitung uang kas")
    pending = page.locator("#sync-pending")
    await expect(pending).to_have_attribute("data-photos", "2")
    await expect(pending).to_contain_text("2 berkas (foto, rekaman) menunggu dikirim")
    assert await unlabelled_controls(page) == []
    await snap(page, "assessor-07-photos-offline")

    written = [r for r in await records_on_the_tablet(page) if r["kind"] == "photo"]
    assert len(written) == 2
    refs = {r["photo"]["content_hash"]: r["photo"] for r in written}
    small_hash = hashlib.sha256(small).hexdigest()
    assert small_hash in refs and refs[small_hash] == {
        "content_hash": small_hash, "media_type": "image/png", "size_bytes": len(small),
    }  # fmt: skip
    (large_hash,) = set(refs) - {small_hash}
    assert refs[large_hash]["media_type"] == "image/jpeg"
    assert {r["subject"] for r in written} == set(refs)

    # A reload with no signal: the photos and their records are still on the tablet, unsent.
    await page.reload()
    await expect(photos).to_have_count(2)
    await expect(pending).to_have_attribute("data-photos", "2")
    assert await held_records(hall) == []
    for content_hash in refs:
        got = await hall.api.get(evidence(hall, content_hash), headers=hall.as_assessor())
        assert got.status_code == 404, got.text

    await context.set_offline(False)
    await expect(pending).to_have_attribute("data-photos", "0", timeout=SYNC_MS)
    await expect(pending).to_have_attribute("data-count", "0", timeout=SYNC_MS)
    for n in range(2):
        await expect(photos.nth(n)).to_have_attribute("data-state", "sent")
    await expect(photos.first).to_contain_text("terkirim")
    await snap(page, "assessor-08-photos-sent")

    # Each file on the server once, as the tablet hashed it; each record once.
    for content_hash, ref in refs.items():
        got = await hall.api.get(evidence(hall, content_hash), headers=hall.as_assessor())
        assert got.status_code == 200, got.text
        assert hashlib.sha256(got.content).hexdigest() == content_hash
        assert len(got.content) == ref["size_bytes"]
        stream = f"evidence-{hall.session_id}-{content_hash}"
        assert await events_of(hall, stream, "EvidenceFileReceived") == 1
    held_small = await hall.api.get(evidence(hall, small_hash), headers=hall.as_assessor())
    assert held_small.content == small
    shrunk = Image.open(io.BytesIO((await hall.api.get(
        evidence(hall, large_hash), headers=hall.as_assessor())).content))  # fmt: skip
    assert (shrunk.format, shrunk.size) == ("JPEG", (2000, 1333))
    held = [r for r in await held_records(hall) if r["kind"] == "photo"]
    assert sorted(r["record_id"] for r in held) == sorted(r["record_id"] for r in written)
    assert {r["photo"]["content_hash"] for r in held} == set(refs)
    recorded = await record_ids_in_the_log(hall)
    assert all(recorded[r["record_id"]] == 1 for r in written)

    # Syncing again and reloading uploads nothing again.
    assert uploads(hall) == 2
    await synced_again(page)
    await page.reload()
    await expect(photos.nth(1)).to_have_attribute("data-state", "sent")
    await synced_again(page)
    assert uploads(hall) == 2

    await a_photo_cited_in_the_judgement(hall, page, candidate, large_hash)
    await a_second_tablet_sends_the_same_file(hall, tablets, page, candidate, small)
    await an_erased_candidates_photo_is_not_sent(hall, page)
    await context.close()


async def a_photo_cited_in_the_judgement(
    hall: Hall, page: Page, candidate: str, content_hash: str
) -> None:
    """The uploaded photos are evidence choices per unit; the server takes the citation."""
    for unit in UNITS:
        fieldset = page.locator(f'fieldset[data-unit="{unit}"]')
        await expect(fieldset.locator("label[data-photo]")).to_have_count(2)
        await fieldset.get_by_label("K (kompeten)").check()
        await fieldset.get_by_label("IA.01", exact=True).check()
    first = page.locator(f'fieldset[data-unit="{UNITS[0]}"]')
    await first.locator(f'label[data-photo="{content_hash}"]').get_by_role("checkbox").check()
    await page.get_by_label("Umpan balik untuk peserta dan dari peserta").fill(
        "Penghitungan kas rapi dan sesuai prosedur."
    )
    await page.get_by_role("button", name="Simpan rekomendasi").click()
    await expect(page.locator("#judgement-state")).to_have_attribute(
        "data-state", "held", timeout=SYNC_MS
    )
    judged = (await hall.api.get(f"/attempts/{hall.attempts[candidate]}/judgement",
                                 headers=hall.as_assessor())).json()  # fmt: skip
    cited = {u["unit_code"]: u["evidence"] for u in judged["units"]}
    assert cited[UNITS[0]] == ["IA.01", content_hash]


async def a_second_tablet_sends_the_same_file(
    hall: Hall, browser: Any, first: Page, candidate: str, file: bytes
) -> None:
    """Another tablet of the assessor reads the photos back (another device's), then the same
    file is chosen there: no new record (the same reference counts already), and the upload is
    answered 200 "held already", which the tablet counts as sent."""
    second = await tablet(browser, LANDSCAPE)
    try:
        other = await signed_in_as(second, hall, await kept(first, "session"))
        await other.goto(f"{hall.base}/assessor/#/sesi/{hall.session_id}/peserta/{candidate}")
        photos = other.locator("#photos li[data-photo]")
        await expect(photos).to_have_count(2, timeout=SYNC_MS)
        for n in range(2):
            await expect(photos.nth(n)).to_have_attribute("data-state", "elsewhere")
        await other.get_by_label("Atau pilih file foto (JPEG, PNG, WebP)").set_input_files(
            {"name": "kas.png", "mimeType": "image/png", "buffer": file}
        )
        same = other.locator(f'#photos li[data-photo="{hashlib.sha256(file).hexdigest()}"]')
        await expect(same).to_have_attribute("data-state", "sent", timeout=SYNC_MS)
        await expect(photos).to_have_count(2)
        assert [r for r in await records_on_the_tablet(other) if r["kind"] == "photo"] == [
            r for r in await records_on_the_tablet(other) if r["kind"] == "photo" and r["held"]
        ]
        log = (hall.folder / "access.log").read_text()
        assert re.findall(r'"POST /api/assessment/sessions/[^/]+/evidence" (\d+)', log) == [
            "201", "201", "200",
        ]  # fmt: skip
    finally:
        await second.close()
    held = [r for r in await held_records(hall) if r["kind"] == "photo"]
    assert len(held) == 2


async def an_erased_candidates_photo_is_not_sent(hall: Hall, page: Page) -> None:
    """The third candidate has no key (erased): the upload is answered 410 once, shown, and the
    file is not tried again; its record (a reference, no personal data) is held as the others."""
    await page.get_by_role("link", name="Kembali").click()
    await open_candidate(page, hall.candidates[2], 3)
    await page.get_by_label("Atau pilih file foto (JPEG, PNG, WebP)").set_input_files(
        {"name": "meja.png", "mimeType": "image/png", "buffer": picture(320, 240, "PNG")}
    )
    photo = page.locator("#photos li[data-photo]")
    await expect(photo).to_have_attribute("data-state", "erased", timeout=SYNC_MS)
    await expect(photo).to_contain_text("data peserta telah dihapus")
    pending = page.locator("#sync-pending")
    await expect(pending).to_have_attribute("data-photos", "0")
    assert uploads(hall) == 4
    await synced_again(page)
    assert uploads(hall) == 4


async def open_candidate(page: Page, candidate: str, n: int) -> None:
    await (
        page.locator(f'.roster-row[data-candidate="{candidate}"]')
        .get_by_role("link", name=re.compile("^Nilai"))
        .click()
    )
    await expect(page.get_by_role("heading", level=1)).to_contain_text(f"Peserta {n}")


async def synced_again(page: Page) -> None:
    """One whole round of the outbox, done with everything sent (its moment changes)."""
    pending = page.locator("#sync-pending")
    before = await pending.get_attribute("data-last")
    await page.get_by_role("button", name="Sinkronkan sekarang").click()
    await expect(pending).not_to_have_attribute("data-last", before or "", timeout=SYNC_MS)
    await expect(pending).to_have_text(re.compile("Semua catatan sudah diterima server"))


def evidence(hall: Hall, content_hash: str) -> str:
    return f"/sessions/{hall.session_id}/evidence/{content_hash}"


def uploads(hall: Hall) -> int:
    """Evidence files the tablet sent through the proxy."""
    log = (hall.folder / "access.log").read_text()
    return len(re.findall(r'"POST /api/assessment/sessions/[^/]+/evidence"', log))
