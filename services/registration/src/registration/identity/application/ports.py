"""Ports of sign-up, sign-in and erasure: mail, rate-limit counters and the e-mail lookups.

E-mails are looked up only by their keyed hash; the plain address lives sealed in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from kompeten_contracts.roles import Role


@dataclass(frozen=True)
class Actor:
    """Who asks: the signed-in account, its role, and for a candidate account its candidate."""

    account_id: UUID
    role: Role
    candidate_id: UUID | None = None
    districts: tuple[str, ...] = ()  # a district operator's
    lsp_id: UUID | None = None  # the certification body an LSP's staff work for

    def works_in(self, district_code: str) -> bool:
        return self.role is not Role.DISTRICT_OPERATOR or district_code in self.districts


class Mailer(Protocol):
    async def send(self, to: str, subject: str, text: str) -> None: ...


class Sessions(Protocol):
    async def end(self, tx: Any, subjects: list[UUID]) -> None:
        """End every session of these accounts and candidates, in the caller's transaction:
        their tokens are refused by every process from its commit on."""
        ...


class RateCounter(Protocol):
    async def hold(self, key: str, now: datetime, duration: timedelta) -> timedelta | None:
        """Start a cooldown of `duration` for the key unless one is running; what is left of
        the running one, or None when this call started it (committed at once)."""
        ...

    async def release(self, key: str, now: datetime) -> None:
        """End the key's cooldown now (what it guarded did not happen)."""
        ...

    async def count(self, bucket: str, window_start: datetime) -> int:
        """How many hits the bucket's window holds, without adding one."""
        ...

    async def hit(self, bucket: str, window_start: datetime) -> int:
        """Count one request in the bucket's window (committed at once, whatever the request
        does next) and return how many the window holds now."""
        ...


@dataclass(frozen=True)
class AccountRef:
    account_id: UUID
    candidate_id: UUID | None


class EmailIndex(Protocol):
    """Two lookups by e-mail hash: the account that signs in with it, and the candidate that
    staff registered with it (so the person's later sign-up links to them)."""

    async def account(self, tx: Any, email_hash: str) -> AccountRef | None: ...

    async def claim_account(self, tx: Any, email_hash: str, account_id: UUID) -> UUID | None:
        """Bind the e-mail to an account; returns the existing owner instead when bound."""
        ...

    async def link_account(self, tx: Any, account_id: UUID, candidate_id: UUID) -> None: ...

    async def candidate(self, tx: Any, email_hash: str) -> UUID | None: ...

    async def claim_candidate(self, tx: Any, email_hash: str, candidate_id: UUID) -> UUID | None:
        """Bind the e-mail to a candidate; returns the existing owner instead when bound."""
        ...

    async def forget_candidate(self, tx: Any, candidate_id: UUID) -> list[UUID]:
        """Delete every e-mail binding of the candidate; returns the accounts that had one."""
        ...
