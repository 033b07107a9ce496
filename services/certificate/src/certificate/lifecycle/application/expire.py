"""Expiry, recorded by the service: a background part asks the register which certificates
are past their last day of validity and not yet expired, withdrawn or replaced, and records
CertificateExpired for each (load -> decide -> append; the decision records nothing twice and
nothing early). Verification shows expired from the day after validity even before it runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from certificate.issuance.application.issue import WIB
from certificate.lifecycle.domain import lifecycle as life
from certificate.shared.application.repositories import Certificates
from eventkit.store import ConcurrencyError

log = logging.getLogger(__name__)
BATCH = 500


class PastValidity(Protocol):
    async def past_validity(self, today: date, limit: int) -> list[UUID]:
        """Certificates whose last day is before `today` that are not yet recorded expired,
        withdrawn or replaced."""
        ...


@dataclass
class ExpireCertificates:
    certificates: Certificates
    register: PastValidity
    clock: Callable[[], datetime]

    async def once(self) -> int:
        """Records every expiry due now; how many were recorded."""
        now = self.clock()
        today, recorded = now.astimezone(WIB).date(), 0
        for certificate_id in await self.register.past_validity(today, BATCH):
            loaded = await self.certificates.load(certificate_id)
            events = life.decide_expire(loaded.state, today, now)
            try:
                await self.certificates.append(certificate_id, loaded.version, events,
                                               actor="system")  # fmt: skip
            except ConcurrencyError:
                continue  # changed meanwhile: the next round decides on fresh state
            recorded += len(events)
        return recorded


@dataclass
class ExpiryRounds:
    """The background part: a round now, then one every `interval` seconds, until stopped."""

    expire: ExpireCertificates
    interval: float = 3600.0
    _stopped: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        while not self._stopped.is_set():
            try:
                await self.expire.once()
            except Exception:  # a failed round is retried next round, the part keeps running
                log.exception("expiry round failed")
            try:
                await asyncio.wait_for(self._stopped.wait(), self.interval)
            except TimeoutError:
                pass

    async def stop(self) -> None:
        self._stopped.set()
