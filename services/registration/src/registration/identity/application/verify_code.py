"""Verify a mailed code: the account signs in. A candidate account whose e-mail staff used to
register someone is linked to that candidate here, once the person proved the address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from eventkit.conflicts import refused_if_raced
from eventkit.pii import keyed_hash
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, invalid
from kompeten_contracts.roles import Role
from registration.identity.application import codes
from registration.identity.application.ports import EmailIndex
from registration.identity.application.rate_limits import RateLimiter
from registration.identity.domain.account import (
    MAX_ATTEMPTS,
    AccountUnavailable,
    CodeNotValid,
    VerificationCodeRejected,
    decide_link,
    decide_verify,
)
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Accounts, accounts


@dataclass(frozen=True)
class VerifyRequest:
    email: str
    code: str
    client_ip: str


@dataclass(frozen=True)
class SignedIn:
    account_id: UUID
    role: Role
    candidate_id: UUID | None
    districts: tuple[str, ...] = ()
    lsp_id: UUID | None = None


def _no_live_code() -> Refusal:
    return invalid(
        "code",
        "kode tidak berlaku: salah, kedaluwarsa, sudah dipakai, atau terlalu banyak percobaan; "
        "minta kode baru",
        "no valid code: wrong, expired, used or too many attempts; request a new code",
    )


@dataclass
class VerifyCodeHandler:
    uow: UnitOfWork
    store: EventStore
    emails: EmailIndex
    limiter: RateLimiter
    hash_secret: bytes
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    accounts: Accounts = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = accounts(self.store)

    async def __call__(self, request: VerifyRequest) -> SignedIn:
        now = self.clock()
        email_hash = codes.email_hash(self.hash_secret, request.email)
        address_hash = keyed_hash(self.hash_secret, f"ip:{request.client_ip}")
        await self.limiter.check("verify", email_hash, address_hash, now)
        async with refused_if_raced(), self.uow.transaction() as tx:
            found = await self.emails.account(tx, email_hash)
            if found is None:
                raise _no_live_code()
            loaded = await self.accounts.load(found.account_id)
            state = loaded.state
            assert state.account_id is not None and state.role is not None
            hashed = codes.code_hash(self.hash_secret, state.account_id, request.code)
            try:
                events = decide_verify(state, hashed, now)
            except (CodeNotValid, AccountUnavailable) as exc:
                raise _no_live_code() from exc
            rejected = isinstance(events[0], VerificationCodeRejected)
            candidate_id = state.candidate_id
            if not rejected and state.role is Role.CANDIDATE and candidate_id is None:
                candidate_id = await self.emails.candidate(tx, email_hash)
                if candidate_id is not None:
                    events += decide_link(state, candidate_id, now)
                    await self.emails.link_account(tx, state.account_id, candidate_id)
            await self.accounts.append(state.account_id, loaded.version, events, tx=tx)
        if rejected:  # committed first: the attempt counts even though the answer is an error
            left = MAX_ATTEMPTS - events[0].attempt  # type: ignore[union-attr]
            raise invalid(
                "code",
                f"kode salah; sisa {left} percobaan",
                f"wrong code; {left} attempts left",
            )
        return SignedIn(state.account_id, state.role, candidate_id, state.districts, state.lsp_id)
