"""Browser tests: Debian's Chromium driven by Playwright at a phone's viewport, against the
built web app and registration (fresh schema, real PostgreSQL, Kafka and SMTP sink) behind the
test's own nginx. A missing browser or nginx fails the test; it is never skipped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import BrowserContext, async_playwright

from registration.api.app import create_app as registration_app
from registration.bootstrap import RegistrationService

from ..services import running_registration
from .serving import CHROMIUM, build_web, free_port, http_server, nginx

# A mid-range Android phone's screen, in CSS pixels (issue 12: usable at 360 x 640).
PHONE = {"width": 360, "height": 640}


@dataclass(frozen=True)
class Served:
    base: str  # the one origin: the app at /, registration's API at /api/registration/
    registration: RegistrationService

    @property
    def registration_api(self) -> str:
        return f"{self.base}/api/registration"


@pytest.fixture(scope="session")
def web_dist() -> Path:
    return build_web()


@pytest.fixture
async def served(wiring: Any, web_dist: Path, tmp_path: Path) -> AsyncIterator[Served]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The mail the service sends links to the app as this test serves it.
    wired = replace(wiring, settings=replace(wiring.settings, app_url=f"{base}/"))
    async with running_registration(wired) as registration:
        async with http_server(registration_app(registration)) as registration_port:
            folder = tmp_path / "proxy"
            async with nginx(port, {"registration": registration_port}, folder, web_dist):
                yield Served(base, registration)


@pytest.fixture
async def phone() -> AsyncIterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `python3 deploy/local/stack.py browser-tools` installs "
            "Debian's Chromium (make test does)"
        )
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = await browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, service_workers="allow"
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            await context.close()
            await browser.close()


# An office computer's browser window (the console is desktop-first).
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
async def desk() -> AsyncIterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `python3 deploy/local/stack.py browser-tools` installs "
            "Debian's Chromium (make test does)"
        )
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = await browser.new_context(viewport=DESKTOP, accept_downloads=True)
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            await context.close()
            await browser.close()
