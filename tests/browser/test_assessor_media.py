"""An interview's answers recorded and a photo taken on the assessor's tablet with no signal
(Debian's Chromium at 800 x 1280, touch, with Chromium's fake microphone): one answer recorded
with the microphone (MediaRecorder), another chosen as a WAV file, a third whose recording the
assessor left the screen during (stopped and kept), each kept on the tablet, named by its
SHA-256 and referenced at once by an `audio` capture record of its question; the photo's
thumbnail shown at once from IndexedDB. The network back: every file on the server once
(by its hash, one EvidenceFileReceived each, the recording kept as WebM), every record once,
nothing uploaded again. A second tablet opening the same candidate shows the photo's thumbnail
fetched from the server (once) and keeps it with no signal. Registration and assessment on real
sockets behind the test's own nginx, a key store and an evidence folder of the test's own (the
photos test's hall); real PostgreSQL, Kafka and SMTP sink."""

from __future__ import annotations

import hashlib
import io
import re
import wave
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Page, expect

from .serving import CHROMIUM
from .test_assessor_offline import (
    LANDSCAPE,
    SYNC_MS,
    TABLET,
    Hall,
    events_of,
    held_records,
    kept,
    record_ids_in_the_log,
    records_on_the_tablet,
    signed_in,
    signed_in_as,
    tablet,
)
from .test_assessor_photos import evidence, hall, open_candidate, picture, synced_again, uploads
from .test_candidate_app import snap, unlabelled_controls

pytestmark = pytest.mark.integration
__all__ = ["hall"]  # the fixture: the photos test's hall (a key store, an evidence folder)

# Chromium's fake microphone (a tone) without asking: only this test's browser needs them.
MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
ANSWER_MS = 1500  # how long the candidate speaks: the recording's length, not a wait for a state


@pytest.fixture
async def tablets_with_microphone() -> AsyncIterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `python3 deploy/local/stack.py browser-tools` installs "
            "Debian's Chromium (make test does)"
        )
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=MICROPHONE
        )
        try:
            yield browser
        finally:
            await browser.close()


def speech(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A WAV file as a phone's recorder app might give one (silence will do)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(b"\x00\x00" * int(seconds * rate))
    return out.getvalue()


async def test_answers_recorded_and_a_photo_taken_offline_with_thumbnails(
    hall: Hall, tablets_with_microphone: Any
) -> None:
    context = await tablet(tablets_with_microphone, TABLET)
    await context.grant_permissions(["microphone"], origin=hall.base)
    page = await signed_in(context, hall)
    await page.locator(f'[data-session="{hall.session_id}"]').get_by_role("link").click()
    await expect(page.locator(".roster-row")).to_have_count(3)
    await page.wait_for_function("navigator.serviceWorker.controller !== null")
    candidate = hall.candidates[0]
    await open_candidate(page, candidate, 1)

    await context.set_offline(True)
    await expect(page.locator("#sync")).to_have_attribute("data-online", "no")
    answers = page.locator("[data-audio-question]")
    first, second = answers.nth(0), answers.nth(1)
    question = await first.get_attribute("data-audio-question")
    other_question = await second.get_attribute("data-audio-question")
    record = first.get_by_role("button", name="Rekam jawaban")
    await record.click()
    await expect(first.get_by_role("button", name="Berhenti merekam")).to_be_visible()
    await expect(first).to_contain_text("Merekam")
    await page.wait_for_timeout(ANSWER_MS)
    await first.get_by_role("button", name="Berhenti merekam").click()
    recorded = first.locator("[data-audio]")
    await expect(recorded).to_have_attribute("data-state", "waiting")
    await expect(recorded).to_contain_text("menunggu dikirim")
    await expect(recorded.locator("audio")).to_have_count(1)  # to listen back while it is here
    wav = speech()
    chooser = second.get_by_label("Atau pilih file rekaman")
    await expect(chooser).to_have_attribute("accept", "audio/*")
    await chooser.set_input_files({"name": "jawaban.wav", "mimeType": "audio/wav", "buffer": wav})
    await expect(second.locator("[data-audio]")).to_have_attribute(
        "data-audio", hashlib.sha256(wav).hexdigest()
    )
    # Leaving the screen while recording ends the recording and keeps it.
    third = answers.nth(2)
    left_question = await third.get_attribute("data-audio-question")
    await third.get_by_role("button", name="Rekam jawaban").click()
    await expect(third.get_by_role("button", name="Berhenti merekam")).to_be_visible()
    await page.wait_for_timeout(ANSWER_MS)
    await page.get_by_role("link", name="Kembali").click()
    await open_candidate(page, candidate, 1)
    await expect(third.locator("[data-audio]")).to_have_attribute("data-state", "waiting")
    await expect(third.get_by_role("button", name="Rekam jawaban")).to_be_visible()

    photo = picture(640, 480, "PNG")
    await page.get_by_label("Catatan untuk foto berikutnya (boleh kosong)").fill("Meja kasir")
    await page.get_by_label("Atau pilih file foto (JPEG, PNG, WebP)").set_input_files(
        {"name": "meja.png", "mimeType": "image/png", "buffer": photo}
    )
    photo_hash = hashlib.sha256(photo).hexdigest()

    await expect_thumbnail(page, photo_hash, "Foto 1 peserta: Meja kasir")
    pending = page.locator("#sync-pending")
    await expect(pending).to_have_attribute("data-photos", "4")
    await expect(pending).to_contain_text("4 berkas (foto, rekaman) menunggu dikirim")
    assert await unlabelled_controls(page) == []
    await first.scroll_into_view_if_needed()
    await snap(page, "assessor-09-answers-recorded-offline")

    audio = [r for r in await records_on_the_tablet(page) if r["kind"] == "audio"]
    assert {r["subject"]: r["audio"]["media_type"] for r in audio} == {
        question: "audio/webm", other_question: "audio/wav", left_question: "audio/webm",
    }  # fmt: skip
    files = {r["audio"]["content_hash"]: r["audio"] for r in audio} | {photo_hash: None}
    assert await held_records(hall) == []

    # A reload with no signal keeps the recordings and the thumbnail.
    await page.reload()
    await expect(answers.first.locator("[data-audio]")).to_have_attribute("data-state", "waiting")

    await expect_thumbnail(page, photo_hash, "Foto 1 peserta: Meja kasir")

    await context.set_offline(False)
    await expect(pending).to_have_attribute("data-photos", "0", timeout=SYNC_MS)
    await expect(pending).to_have_attribute("data-count", "0", timeout=SYNC_MS)
    for n in range(3):
        await expect(answers.nth(n).locator("[data-audio]")).to_have_attribute("data-state", "sent")
    await expect_thumbnail(page, photo_hash, "Foto 1 peserta: Meja kasir")  # the file is gone
    await snap(page, "assessor-10-answers-sent")

    for content_hash, ref in files.items():
        got = await hall.api.get(evidence(hall, content_hash), headers=hall.as_assessor())
        assert got.status_code == 200, got.text
        assert hashlib.sha256(got.content).hexdigest() == content_hash
        if ref:
            assert got.headers["content-type"] == ref["media_type"]
            assert len(got.content) == ref["size_bytes"]
        stream = f"evidence-{hall.session_id}-{content_hash}"
        assert await events_of(hall, stream, "EvidenceFileReceived") == 1
    written = [r for r in await records_on_the_tablet(page) if r["kind"] in ("audio", "photo")]
    held = [r for r in await held_records(hall) if r["kind"] in ("audio", "photo")]
    assert sorted(r["record_id"] for r in held) == sorted(r["record_id"] for r in written)
    assert len(held) == 4
    recorded_ids = await record_ids_in_the_log(hall)
    assert all(recorded_ids[r["record_id"]] == 1 for r in written)
    assert uploads(hall) == 4
    await synced_again(page)
    assert uploads(hall) == 4

    await a_second_tablet_sees_the_thumbnail_from_the_server(
        hall, tablets_with_microphone, page, candidate, photo_hash
    )
    await context.close()


async def a_second_tablet_sees_the_thumbnail_from_the_server(
    hall: Hall, browser: Any, first: Page, candidate: str, photo_hash: str
) -> None:
    """Another tablet reads the records back: the photo (another device's) shows its thumbnail,
    fetched once from the server and kept, so it shows again with no signal; the recorded
    answers show as another device's."""
    second = await tablet(browser, LANDSCAPE)
    try:
        other = await signed_in_as(second, hall, await kept(first, "session"))
        # The app's worker installed, then the page under it: it opens again with no signal.
        await other.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        await other.reload()
        await other.wait_for_function("() => navigator.serviceWorker.controller !== null")
        await other.goto(f"{hall.base}/assessor/#/sesi/{hall.session_id}/peserta/{candidate}")
        await expect(other.locator("#photos li[data-photo]")).to_have_count(1, timeout=SYNC_MS)
        await expect(other.locator(f'li[data-photo="{photo_hash}"]')).to_have_attribute(
            "data-state", "elsewhere"
        )

        await expect_thumbnail(other, photo_hash, "Foto 1 peserta: Meja kasir")
        await expect(other.locator("[data-audio]")).to_have_count(3)
        for n in range(3):
            await expect(other.locator("[data-audio]").nth(n)).to_have_attribute(
                "data-state", "elsewhere"
            )
        assert thumbnail_reads(hall, photo_hash) == 1
        await snap(other, "assessor-11-thumbnail-from-the-server")

        await second.set_offline(True)
        await other.reload()
        await expect(other.get_by_role("heading", level=1)).to_contain_text("Peserta 1")
        await expect_thumbnail(other, photo_hash, "Foto 1 peserta: Meja kasir")
        await second.set_offline(False)
        await expect(other.locator("#sync")).to_have_attribute("data-online", "yes")
        await expect_thumbnail(other, photo_hash, "Foto 1 peserta: Meja kasir")
        assert thumbnail_reads(hall, photo_hash) == 1  # kept: not fetched again
    finally:
        await second.close()


async def expect_thumbnail(page: Page, content_hash: str, alt: str) -> None:
    """A small image (at most 96 px drawn, its pixels too) with its alt text in Bahasa."""
    thumb = page.locator(f'li[data-photo="{content_hash}"] img.thumb')
    await expect(thumb).to_have_attribute("alt", alt, timeout=SYNC_MS)
    await expect(thumb).to_have_attribute("loading", "lazy")
    await expect(thumb).to_have_attribute("src", re.compile("^blob:"))
    await thumb.scroll_into_view_if_needed()  # lazy: drawn once near the screen
    size = await (
        await page.wait_for_function(
            """(selector) => {
                 const img = document.querySelector(selector);
                 return img && img.complete && img.naturalWidth > 0
                   && [img.naturalWidth, img.naturalHeight, img.width];
               }""",
            arg=f'li[data-photo="{content_hash}"] img.thumb',
        )
    ).json_value()
    assert max(size[:2]) <= 96 and size[2] == 96, size


def thumbnail_reads(hall: Hall, content_hash: str) -> int:
    """The photo's file fetched through the proxy (by the tablets)."""
    log = (hall.folder / "access.log").read_text()
    fetched = rf'"GET /api/assessment/sessions/[^/]+/evidence/{content_hash}" 200'
    return len(re.findall(fetched, log))
