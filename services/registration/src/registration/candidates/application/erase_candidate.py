"""Erasure on request (UU 27/2022): delete the person's keys so every sealed copy of their
personal data, in the log and wherever it was copied, is unreadable for good. The
non-personal facts (that a candidate registered in a district, was erased) stay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventkit.conflicts import refused_if_raced
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, not_found
from kompeten_contracts.roles import Role
from registration.candidates.application.ports import Applicants
from registration.candidates.domain import candidate
from registration.identity.application.ports import Actor, EmailIndex, Sessions
from registration.identity.domain import account
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Accounts, Candidates, accounts, candidates


def candidate_not_found() -> Refusal:
    return not_found("candidate_id", "peserta tidak ditemukan", "candidate not found")


@dataclass
class EraseCandidateHandler:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    emails: EmailIndex
    sessions: Sessions
    applicants: Applicants
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    accounts: Accounts = field(init=False)
    candidates: Candidates = field(init=False)

    def __post_init__(self) -> None:
        self.accounts, self.candidates = accounts(self.store), candidates(self.store)

    async def __call__(self, candidate_id: UUID, actor: Actor) -> None:
        owner = actor.role is Role.CANDIDATE and actor.candidate_id == candidate_id
        # An LSP's admins act on a request for the people who applied to their LSP.
        admin = actor.role is Role.LSP_ADMIN and await self.applicants.applied_to(
            candidate_id, actor.lsp_id
        )
        if not owner and not admin:
            raise candidate_not_found()  # others may not even learn that the id exists
        now = self.clock()
        loaded = await self.candidates.load(candidate_id)
        try:
            events = candidate.decide_erase(loaded.state, actor.account_id, now)
        except candidate.CandidateUnknown as exc:
            raise candidate_not_found() from exc
        except candidate.CandidateAlreadyErased:
            return
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.candidates.append(candidate_id, loaded.version, events, tx=tx)
            await self.vault.erase(tx, candidate_id)
            account_ids = await self.emails.forget_candidate(tx, candidate_id)
            for account_id in account_ids:
                held = await self.accounts.load(account_id)
                closed = account.decide_close(held.state, now)
                await self.accounts.append(account_id, held.version, closed, tx=tx)
                await self.vault.erase(tx, account_id)
            # Every session of the person ends with the erasure: their tokens open nothing.
            await self.sessions.end(tx, [candidate_id, *account_ids])
