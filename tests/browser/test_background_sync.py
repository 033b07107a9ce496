"""The outbox's Background Sync: a candidate submits APL-01 with the network off, so the app
queues it and registers the outbox's sync with the browser; the app is then closed (the tab
leaves it), the network comes back and the browser fires the sync: the service worker sends
the queued submission on its own, and the server holds it once. The app, opened again, shows it
submitted with nothing left in its outbox. Debian's Chromium at 360 x 640 (the sync fired
through the DevTools protocol, as the browser fires it when connectivity returns), the built app
and registration's API behind nginx, real PostgreSQL, Kafka and SMTP sink."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, expect

from eventkit.testing.waiting import wait_until
from registration.seed import seed

from ..services import lsp_admin_headers
from .conftest import Served
from .test_candidate_app import (
    DEADLINE_MS,
    fill_half_the_form_and_reload,
    fill_the_rest,
    queued,
    register_by_nik,
    sign_up,
)

pytestmark = pytest.mark.integration
SYNC_TAG = "kompeten-outbox"  # web/src/outbox.ts

OUTBOX_SIZE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("kompeten");
  open.onsuccess = () => {
    const all = open.result.transaction("outbox").objectStore("outbox").getAll();
    all.onsuccess = () => { open.result.close(); resolve(all.result.length); };
    all.onerror = () => reject(all.error);
  };
})"""


async def test_the_service_worker_sends_the_queued_submission_with_the_app_closed(
    served: Served, phone: BrowserContext
) -> None:
    catalogue = served.registration.catalogues()
    await seed(catalogue)
    await wait_until(
        lambda: catalogue.scheme_catalogue.published_version("KOP-KASIR", 1),
        timeout=30,
        what="the seeded scheme in the catalogue",
    )
    page = await phone.new_page()
    await page.goto(served.base + "/")
    await sign_up(page, served, f"sinkron.{uuid.uuid4().hex[:8]}@example.id")
    await register_by_nik(page)
    await fill_half_the_form_and_reload(page)
    await fill_the_rest(page)
    await page.wait_for_function("navigator.serviceWorker.controller !== null")

    await phone.set_offline(True)
    await page.get_by_role("button", name="Ajukan permohonan").click()
    status = page.locator("#application-status")
    await expect(status).to_have_attribute("data-status", "local")
    tags = await page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.getTags())")
    assert SYNC_TAG in tags
    assert await page.evaluate(OUTBOX_SIZE) == 1

    # The app is closed: nothing of it runs in any tab from here on.
    cdp = await phone.new_cdp_session(page)
    registrations: dict[str, str] = {}

    def updated(event: dict[str, Any]) -> None:
        for found in event["registrations"]:
            if not found.get("isDeleted"):
                registrations[found["scopeURL"]] = found["registrationId"]

    cdp.on("ServiceWorker.workerRegistrationUpdated", updated)
    await cdp.send("ServiceWorker.enable")
    await page.goto("about:blank")
    await phone.set_offline(False)
    scope = served.base + "/"

    async def known() -> bool:
        return scope in registrations

    await wait_until(known, timeout=10, what="the app's worker")
    async with httpx.AsyncClient(base_url=served.registration_api, timeout=30) as api:
        assert (await api.get("/verification/queue", headers=lsp_admin_headers())).json() == []
        await cdp.send(
            "ServiceWorker.dispatchSyncEvent",
            {"origin": served.base, "registrationId": registrations[scope], "tag": SYNC_TAG,
             "lastChance": False},
        )  # fmt: skip
        await queued(api, submissions=1)
        assert [p.url for p in phone.pages] == ["about:blank"]

    await page.goto(served.base + "/")
    await expect(page.locator("#connection")).to_have_attribute("data-online", "yes")
    assert await page.evaluate(OUTBOX_SIZE) == 0
    await page.goto(served.base + "/#/status")
    await expect(status).to_have_attribute("data-status", "submitted", timeout=DEADLINE_MS)
