"""Synchronise on conditions with a deadline, never on sleeps of a guessed length."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class ConditionTimeout(AssertionError):
    pass


async def wait_until(
    probe: Callable[[], Awaitable[T]],
    *,
    timeout: float = 30.0,
    interval: float = 0.05,
    what: str = "condition",
) -> T:
    """Call probe until it returns a truthy value; fail loudly at the deadline."""
    deadline = time.monotonic() + timeout
    last: T = await probe()
    while not last:
        if time.monotonic() > deadline:
            raise ConditionTimeout(f"{what} not reached within {timeout}s (last: {last!r})")
        await asyncio.sleep(interval)
        last = await probe()
    return last
