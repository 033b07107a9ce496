"""Public verification of a certificate by its token (from the QR code or the printed link):
what the page and the JSON show, the minimum (number, scheme, units, status, validity; the
holder's name once the sealed personal-data path is built), and every asking recorded. A token
that is malformed or names nothing gets the same answer: nothing to tell them apart by."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from certificate.issuance.application.issue import WIB

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")


class Status(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"


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
    holder_name: str | None = None  # not yet received: the sealed path comes next


class Register(Protocol):
    async def by_token(self, token: str) -> dict[str, Any] | None: ...


class VerificationLog(Protocol):
    async def record(self, token: str, certificate_id: UUID | None, channel: str) -> None: ...


@dataclass
class Verify:
    register: Register
    log: VerificationLog
    clock: Callable[[], datetime]

    async def __call__(self, token: str, channel: str) -> PublicCertificate | None:
        found = await self.register.by_token(token) if TOKEN.match(token) else None
        await self.log.record(token, found["certificate_id"] if found else None, channel)
        if found is None:
            return None
        today = self.clock().astimezone(WIB).date()
        expired = today > found["valid_until"]
        return PublicCertificate(
            number=found["number"], scheme_code=found["scheme_code"],
            scheme_version=found["scheme_version"],
            unit_codes=tuple(u["unit_code"] for u in found["units"]),
            status=Status.EXPIRED if expired else Status.VALID,
            issued_on=found["issued_on"], valid_until=found["valid_until"],
            qr_payload=found["qr_payload"],
        )  # fmt: skip
