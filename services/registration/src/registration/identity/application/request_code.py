"""Sign-up and sign-in: mail a one-time code to an e-mail address.

Both answer the same whether or not the address has an account, so the API never tells a
stranger who is registered. Sign-up opens a candidate account for a new address; sign-in only
mails addresses that have one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.pii import keyed_hash
from eventkit.settings import LOCAL_APP_URL
from eventkit.store import EventStore
from kompeten_contracts.roles import Role
from registration.identity.application import codes
from registration.identity.application.ports import EmailIndex, Mailer
from registration.identity.application.rate_limits import RateLimiter, TooManyRequests
from registration.identity.domain.account import (
    RESEND_COOLDOWN,
    Account,
    AccountEvent,
    ResendTooSoon,
    decide_issue_code,
    decide_open,
    evolve,
)
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Accounts, accounts


@dataclass(frozen=True)
class CodeRequest:
    email: str
    client_ip: str
    purpose: Literal["sign_up", "sign_in"]


@dataclass
class RequestCodeHandler:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    emails: EmailIndex
    mailer: Mailer
    limiter: RateLimiter
    hash_secret: bytes
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    new_code: Callable[[], str] = codes.new_code
    app_url: str = LOCAL_APP_URL  # the mail links to the app: the installation's public address
    accounts: Accounts = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = accounts(self.store)

    async def __call__(self, request: CodeRequest) -> None:
        now = self.clock()
        email = codes.normalize_email(request.email)
        email_hash = codes.email_hash(self.hash_secret, email)
        address_hash = keyed_hash(self.hash_secret, f"ip:{request.client_ip}")
        await self.limiter.check("request_code", email_hash, address_hash, now)
        # The resend cooldown is held for every address, with an account or not: a second
        # request within it is answered 429 alike, so the answer tells no one who is registered.
        cooldown = f"request_code:{email_hash}"
        await self.limiter.cooldown("email", cooldown, RESEND_COOLDOWN, now)
        try:
            await self._issue(request, email, email_hash, now)
        except BaseException:
            await self.limiter.end_cooldown(cooldown, now)  # no code went out: ask again now
            raise

    async def _issue(
        self, request: CodeRequest, email: str, email_hash: str, now: datetime
    ) -> None:
        async with refused_if_raced(), self.uow.transaction() as tx:
            events: list[AccountEvent] = []
            found = await self.emails.account(tx, email_hash)
            if found is not None:
                loaded = await self.accounts.load(found.account_id)
                state, version = loaded.state, loaded.version
            elif request.purpose == "sign_in":
                return
            else:
                account_id = uuid4()
                owner = await self.emails.claim_account(tx, email_hash, account_id)
                if owner is not None:  # a concurrent sign-up of the same address won
                    loaded = await self.accounts.load(owner)
                    state, version = loaded.state, loaded.version
                else:
                    personal = await self.vault.seal(tx, account_id, {"email": email})
                    events = decide_open(Account(), account_id, Role.CANDIDATE, personal, None, now)
                    state, version = evolve(Account(), events[0]), 0
            assert state.account_id is not None
            code = self.new_code()
            try:
                events += decide_issue_code(
                    state, codes.code_hash(self.hash_secret, state.account_id, code), now
                )
            except ResendTooSoon as exc:
                raise TooManyRequests("email", exc.retry_after) from exc
            await self.accounts.append(state.account_id, version, events, tx=tx)
            # Sent before commit: if the mail cannot go out, no code exists and the person
            # may ask again at once instead of waiting out the resend cooldown.
            # Staff sign in to the console, candidates to the app on their phone.
            link = self.app_url if state.role is Role.CANDIDATE else codes.console_url(self.app_url)
            await self.mailer.send(email, codes.SUBJECT, codes.code_mail(code, link))
