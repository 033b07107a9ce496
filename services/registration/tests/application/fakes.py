"""In-memory stand-ins for the registration ports (application tier only)."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from registration.identity.application.ports import AccountRef


class InMemoryUnitOfWork:
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        yield None


class InMemoryNikIndex:
    def __init__(self) -> None:
        self.owners: dict[str, UUID] = {}

    async def claim(self, tx: object, nik_hash: str, candidate_id: UUID) -> UUID | None:
        if nik_hash in self.owners:
            return self.owners[nik_hash]
        self.owners[nik_hash] = candidate_id
        return None


class InMemoryEmailIndex:
    def __init__(self) -> None:
        self.accounts: dict[str, AccountRef] = {}
        self.candidates: dict[str, UUID] = {}

    async def account(self, tx: object, email_hash: str) -> AccountRef | None:
        return self.accounts.get(email_hash)

    async def claim_account(self, tx: object, email_hash: str, account_id: UUID) -> UUID | None:
        if email_hash in self.accounts:
            return self.accounts[email_hash].account_id
        self.accounts[email_hash] = AccountRef(account_id, None)
        return None

    async def link_account(self, tx: object, account_id: UUID, candidate_id: UUID) -> None:
        for key, ref in self.accounts.items():
            if ref.account_id == account_id:
                self.accounts[key] = AccountRef(account_id, candidate_id)

    async def candidate(self, tx: object, email_hash: str) -> UUID | None:
        return self.candidates.get(email_hash)

    async def claim_candidate(self, tx: object, email_hash: str, candidate_id: UUID) -> UUID | None:
        if email_hash in self.candidates:
            return self.candidates[email_hash]
        self.candidates[email_hash] = candidate_id
        return None

    async def forget_candidate(self, tx: object, candidate_id: UUID) -> list[UUID]:
        self.candidates = {k: v for k, v in self.candidates.items() if v != candidate_id}
        gone = [r.account_id for r in self.accounts.values() if r.candidate_id == candidate_id]
        self.accounts = {k: r for k, r in self.accounts.items() if r.candidate_id != candidate_id}
        return gone


class InMemorySessions:
    def __init__(self) -> None:
        self.ended: set[UUID] = set()

    async def end(self, tx: Any, subjects: list[UUID]) -> None:
        self.ended.update(subjects)


class InMemoryAccessLog:
    def __init__(self) -> None:
        self.reads: list[Any] = []

    async def record(self, tx: Any, read: Any) -> None:
        self.reads.append(read)

    async def of_subject(self, subject_id: UUID, limit: int) -> list[Any]:
        return [r for r in reversed(self.reads) if r.subject_id == subject_id][:limit]


class InMemoryApplicants:
    """Who applied to which LSP: (candidate, LSP) pairs."""

    def __init__(self) -> None:
        self.applied: set[tuple[UUID, UUID | None]] = set()

    async def applied_to(self, candidate_id: UUID, lsp_id: UUID | None) -> bool:
        return (candidate_id, lsp_id) in self.applied


class InMemoryMailer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    async def send(self, to: str, subject: str, text: str) -> None:
        self.sent.append((to, subject, text))

    def last_code(self, to: str) -> str:
        text = next(text for address, _, text in reversed(self.sent) if address == to)
        return re.search(r"\b(\d{6})\b", text).group(1)  # type: ignore[union-attr]


class InMemoryRateCounter:
    def __init__(self) -> None:
        self.hits: Counter[tuple[str, datetime]] = Counter()
        self.holds: dict[str, datetime] = {}

    async def hold(self, key: str, now: datetime, duration: timedelta) -> timedelta | None:
        until = self.holds.get(key)
        if until is not None and until > now:
            return until - now
        self.holds[key] = now + duration
        return None

    async def release(self, key: str, now: datetime) -> None:
        self.holds[key] = now

    async def count(self, bucket: str, window_start: datetime) -> int:
        return self.hits[(bucket, window_start)]

    async def hit(self, bucket: str, window_start: datetime) -> int:
        self.hits[(bucket, window_start)] += 1
        return self.hits[(bucket, window_start)]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
