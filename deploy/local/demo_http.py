"""What the demo's scripts share to talk to the services: fixed client ids (a re-run is a
retry), an answer checked or refused with what was asked, and waiting on a read model with a
deadline (polling, never a fixed sleep)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

NAMESPACE = uuid.UUID("2c7e9a41-5f3b-4d86-b1e2-9a0c6d4f8e27")
T = TypeVar("T")


def until(probe: Callable[[], T | None], what: str, timeout: float = 60.0) -> T:
    """Polls `probe` (a read model, mostly) until it answers something, or fails naming it."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"demo: {what}: not within {timeout:.0f} s")
        time.sleep(0.25)


def client_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def ok(response: httpx.Response, what: str) -> Any:
    if response.status_code >= 400:
        raise RuntimeError(f"demo: {what}: {response.status_code} {response.text}")
    return response.json()


def found(response: httpx.Response) -> Any:
    """The body of a 200, or None (not there yet: a read model behind its log)."""
    return response.json() if response.status_code == 200 else None


def phone(candidate_id: str) -> dict[str, str]:
    return bearer_headers(Role.CANDIDATE, candidate_id=uuid.UUID(candidate_id))
