"""Read what the services mailed from the development SMTP sink (deploy/local/devmail.py).

The sink answers GET /api/messages?to=<address> with that address's mail, newest first.
KOMPETEN_MAIL_API points elsewhere when the sink runs on other ports.
"""

from __future__ import annotations

import os
import re
from typing import Any

import httpx

from eventkit.testing.waiting import wait_until

CODE = re.compile(r"\b(\d{6})\b")


def mail_api() -> str:
    return os.environ.get("KOMPETEN_MAIL_API", "http://127.0.0.1:18025/api/messages")


async def mails_to(address: str, client: httpx.AsyncClient | None = None) -> list[dict[str, Any]]:
    """Every mail the sink received for this address, newest first."""
    if client is None:
        async with httpx.AsyncClient() as own:
            return await mails_to(address, own)
    response = await client.get(mail_api(), params={"to": address})
    response.raise_for_status()
    found: list[dict[str, Any]] = response.json()
    return found


async def mail_with_subject(
    address: str,
    subject: str,
    *,
    newer_than: str = "",
    client: httpx.AsyncClient | None = None,
    timeout: float = 60,
) -> dict[str, Any]:
    """The newest mail to `address` with this subject whose id sorts after `newer_than` (ids are
    nanosecond-prefixed file names); waits for it. Polls gently: many people may be waiting."""

    async def arrived() -> dict[str, Any] | None:
        for mail in await mails_to(address, client):
            if mail["subject"] == subject and mail["id"] > newer_than:
                return mail
        return None

    found = await wait_until(arrived, timeout=timeout, interval=0.25, what=f"'{subject}' mail")
    assert found is not None  # wait_until returns only a truthy answer
    return found


def code_in(mail: dict[str, Any]) -> str:
    """The six-digit verification code in a mail's text."""
    match = CODE.search(mail["text"])
    assert match, mail["text"]
    return match.group(1)
