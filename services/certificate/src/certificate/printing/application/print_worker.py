"""The print worker, a background part of the service: it makes the queued batches' files one
at a time (a lease per batch, so two processes never make one together) and opens follow-up
batches. It wakes on every append to the log (a request commits its batch and its job
together, so the job is there when the notification comes) with a slow poll as the safety net;
follow-ups are looked for at most every `follow_up_interval` seconds."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from certificate.printing.application.follow_ups import OpenFollowUps
from certificate.printing.application.ports import PrintJobs
from certificate.printing.application.render_batch import RenderBatch
from eventkit.store.schema import notify_channel
from eventkit.wakeup import Wakeup

log = logging.getLogger(__name__)
LEASE_SECONDS = 300.0


@dataclass(eq=False)
class PrintWorker:
    pool: Any
    schema: str
    jobs: PrintJobs
    render: RenderBatch
    follow_ups: OpenFollowUps
    poll_interval: float = 5.0
    follow_up_interval: float = 10.0
    retry_interval: float = 2.0
    _wake: Wakeup = field(default_factory=Wakeup, init=False)
    _looked: float = field(default=0.0, init=False)

    def nudge(self) -> None:
        self._wake.notify()

    async def run(self) -> None:
        with self._wake.running():
            while not self._wake.stopped:
                try:
                    async with self.pool.acquire() as conn:
                        async with self._wake.listening(conn, notify_channel(self.schema)):
                            await self._wake.follow(self.drain, self.poll_interval)
                except Exception:
                    log.exception("print worker failed; retrying")
                    await self._wake.pause(self.retry_interval)

    async def stop(self) -> None:
        await self._wake.stop()

    async def drain(self) -> None:
        while not self._wake.stopped and (batch_id := await self.jobs.lease_next(LEASE_SECONDS)):
            await self._guarded(self.render, batch_id)
        if time.monotonic() - self._looked >= self.follow_up_interval:
            self._looked = time.monotonic()
            await self._guarded(lambda _: self.follow_ups(), None)

    async def _guarded(self, work: Callable[[Any], Awaitable[Any]], batch_id: UUID | None) -> None:
        try:
            await work(batch_id)
        except Exception:  # the lease runs out and the batch is made again; others go on
            log.exception("print batch %s failed", batch_id)
