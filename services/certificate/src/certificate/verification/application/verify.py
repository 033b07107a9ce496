"""Public verification of a certificate by its token (from the QR code or the printed link):
the minimum (number, the holder's name, scheme, units, status, validity) and every asking
recorded. The name is opened with the holder's key for this answer only; once the holder is
erased it is shown as erased, and the rest stays verifiable. A token that is malformed or names
nothing gets the same answer: nothing to tell them apart by."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from certificate.holders.application.holder_details import HolderDetails, Purpose, Readable
from certificate.issuance.application.issue import WIB
from certificate.issuance.domain.certificate import FINAL, Status

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")


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


class VerificationLog(Protocol):
    async def record(self, token: str, certificate_id: UUID | None, channel: str) -> None: ...


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
        await self.log.record(token, found["certificate_id"] if found else None, channel)
        if found is None:
            return None
        today = self.clock().astimezone(WIB).date()
        candidate = found["candidate_id"]
        holder = (await self.holders.of([candidate], Purpose.VERIFICATION)).get(candidate)
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
