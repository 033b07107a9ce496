"""Start a service's composition root for a test and stop it whatever the test does."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

from eventkit.lifecycle import Lifespan

S = TypeVar("S", bound=Lifespan)


@contextlib.asynccontextmanager
async def started(service: S) -> AsyncIterator[S]:
    await service.start()
    try:
        yield service
    finally:
        await service.stop()
