"""Erasure on request (UU 27/2022): delete the person's keys so every sealed copy of their
personal data, in the log and wherever it was copied, is unreadable for good. The
non-personal facts (that a candidate registered in a district, was erased) stay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, not_found
from kompeten_contracts.roles import Role
from registration.application.identity_ports import Actor, EmailIndex
from registration.application.ports import UnitOfWork
from registration.application.streams import append, load_account, load_candidate
from registration.domain import account, candidate


def candidate_not_found() -> Refusal:
    return not_found("candidate_id", "peserta tidak ditemukan", "candidate not found")


@dataclass
class EraseCandidateHandler:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    emails: EmailIndex
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    async def __call__(self, candidate_id: UUID, actor: Actor) -> None:
        owner = actor.role is Role.CANDIDATE and actor.candidate_id == candidate_id
        if not owner and actor.role is not Role.LSP_ADMIN:
            raise candidate_not_found()  # others may not even learn that the id exists
        now = self.clock()
        state, version = await load_candidate(self.store, candidate_id)
        try:
            events = candidate.decide_erase(state, actor.account_id, now)
        except candidate.CandidateUnknown as exc:
            raise candidate_not_found() from exc
        except candidate.CandidateAlreadyErased:
            return
        async with self.uow.transaction() as tx:
            await append(self.store, candidate.stream_id(candidate_id), version, events, tx)
            await self.vault.erase(tx, candidate_id)
            for account_id in await self.emails.forget_candidate(tx, candidate_id):
                held, held_version = await load_account(self.store, account_id)
                closed = account.decide_close(held, now)
                await append(self.store, account.stream_id(account_id), held_version, closed, tx)
                await self.vault.erase(tx, account_id)
