"""An LSP admin opens a staff account (the first admin: `python -m registration.staff`).
The new staff member then signs in by a code mailed to that address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.store import EventStore
from kompeten_contracts.errors import conflict, invalid
from kompeten_contracts.roles import Role
from registration.identity.application import codes
from registration.identity.application.ports import EmailIndex, Mailer
from registration.identity.domain.account import Account, decide_open
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Accounts, accounts

NOT_STAFF = frozenset({Role.CANDIDATE})


@dataclass(frozen=True)
class OpenStaffAccount:
    email: str
    role: Role
    opened_by: UUID | None
    districts: tuple[str, ...] = ()  # a district operator's
    lsp_id: UUID | None = None  # an LSP's staff: the LSP they work for


@dataclass
class OpenStaffAccountHandler:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    emails: EmailIndex
    mailer: Mailer
    hash_secret: bytes
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    accounts: Accounts = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = accounts(self.store)

    async def __call__(self, command: OpenStaffAccount) -> UUID:
        if command.role in NOT_STAFF:
            raise invalid(
                "role",
                "akun peserta dibuat sendiri lewat pendaftaran",
                "candidate accounts are opened by signing up",
            )
        email = codes.normalize_email(command.email)
        account_id = uuid4()
        async with refused_if_raced(), self.uow.transaction() as tx:
            email_hash = codes.email_hash(self.hash_secret, email)
            if await self.emails.claim_account(tx, email_hash, account_id) is not None:
                raise conflict(
                    "email",
                    "e-mail ini sudah dipakai sebuah akun",
                    "this e-mail already belongs to an account",
                )
            personal = await self.vault.seal(tx, account_id, {"email": email})
            events = decide_open(
                Account(), account_id, command.role, personal, command.opened_by, self.clock(),
                command.districts, command.lsp_id,
            )  # fmt: skip
            await self.accounts.append(account_id, 0, events, tx=tx)
            await self.mailer.send(
                email, codes.INVITATION_SUBJECT, codes.invitation_mail(command.role.value)
            )
        return account_id
