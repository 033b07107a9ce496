"""Public verification of a certificate by its token (from the QR code or the printed link):
the minimum (number, the holder's name, scheme, units, status, validity) and every asking
recorded. The name is opened with the holder's key for this answer only; once the holder is
erased it is shown as erased, and the rest stays verifiable. A token that is malformed or names
nothing gets the same answer: nothing to tell them apart by.

By number, the number alone names nothing: it must come with the check code printed beside it
(derived from the token, see issuance.domain.check_code), and a wrong code, an unknown number
and a malformed one are answered alike. Each asking is recorded with the number; after
FAILURE_LIMIT askings by one number that named nothing within FAILURE_WINDOW, that number is
refused for a while (429, whether or not it exists), so a known number's code cannot be tried
through; the QR path is unaffected."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from certificate.holders.application.holder_details import HolderDetails, Purpose, Readable
from certificate.issuance.application.issue import WIB
from certificate.issuance.domain.certificate import FINAL, Status
from certificate.issuance.domain.check_code import matches
from kompeten_contracts.errors import Kind, Problem, Refusal

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
NUMBER = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")
FAILURE_LIMIT = 10
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class PublicCertificate:
    number: str
    scheme_code: str
    scheme_version: int
    unit_codes: tuple[str, ...]
    status: Status
    issued_on: date
    valid_until: date
    qr_payload: str
    holder_name: str | None = None  # readable only: not yet received, or erased
    holder_erased: bool = False
    replaced_by_number: str | None = None


class Register(Protocol):
    async def by_token(self, token: str) -> dict[str, Any] | None: ...

    async def by_number(self, number: str) -> list[dict[str, Any]]: ...


class VerificationLog(Protocol):
    async def record(
        self, token: str, certificate_id: UUID | None, channel: str, number: str | None = None
    ) -> None: ...

    async def failures_by_number(self, number: str, since: datetime) -> int: ...


def too_many_tries() -> Refusal:
    return Refusal(
        [Problem("number", "terlalu banyak percobaan untuk nomor ini; coba lagi nanti",
                 "too many attempts for this number; try again later")],
        Kind.TOO_MANY, retry_after=int(FAILURE_WINDOW.total_seconds()),
    )  # fmt: skip


def shown_status(row: dict[str, Any], today: date) -> Status:
    status = Status(row["status"])
    if status not in FINAL and today > row["valid_until"]:
        return Status.EXPIRED
    return status


@dataclass
class Verify:
    register: Register
    log: VerificationLog
    holders: HolderDetails
    clock: Callable[[], datetime]

    async def __call__(self, token: str, channel: str) -> PublicCertificate | None:
        found = await self.register.by_token(token) if TOKEN.match(token) else None
        recorded = self.log.record(token, found["certificate_id"] if found else None, channel)
        if found is None:
            await recorded
            return None
        # The asking recorded while the name is opened (two connections, one wait): a public
        # verification is 3 round trips deep instead of 5 (bench/README.md, arm verify).
        _, answer = await asyncio.gather(recorded, self._answer(found))
        return answer

    async def by_number(self, number: str, code: str, channel: str) -> PublicCertificate | None:
        """The certificate with this number whose check code is `code`, else None."""
        number = number.strip()
        if not NUMBER.match(number):
            await self.log.record("", None, channel, number)
            return None
        since = self.clock() - FAILURE_WINDOW
        if await self.log.failures_by_number(number, since) >= FAILURE_LIMIT:
            await self.log.record("", None, channel, number)
            raise too_many_tries()
        rows = await self.register.by_number(number)
        found = next((row for row in rows if matches(row["token"], code)), None)
        await self.log.record("", found["certificate_id"] if found else None, channel, number)
        return None if found is None else await self._answer(found)

    async def _answer(self, found: dict[str, Any]) -> PublicCertificate:
        today = self.clock().astimezone(WIB).date()
        candidate = found["candidate_id"]
        if "holder_sealed" in found:  # read with the row (by token): opened, not read again
            sealed = found["holder_sealed"]
            opened = await self.holders.of_sealed({candidate: sealed} if sealed else {},
                                                  Purpose.VERIFICATION)  # fmt: skip
        else:
            opened = await self.holders.of([candidate], Purpose.VERIFICATION)
        holder = opened.get(candidate)
        readable = holder is not None and holder.readable is Readable.READABLE
        return PublicCertificate(
            number=found["number"], scheme_code=found["scheme_code"],
            scheme_version=found["scheme_version"],
            unit_codes=tuple(u["unit_code"] for u in found["units"]),
            status=shown_status(found, today),
            issued_on=found["issued_on"], valid_until=found["valid_until"],
            qr_payload=found["qr_payload"],
            holder_name=holder.full_name if readable and holder else None,
            holder_erased=holder is not None and holder.readable is Readable.ERASED,
            replaced_by_number=found["replaced_by_number"],
        )  # fmt: skip
