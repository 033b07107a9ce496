"""The account aggregate: who signs in, by a one-time code sent to their e-mail.

The e-mail itself is sealed before it reaches an event; codes appear only as keyed hashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import invalid
from kompeten_contracts.roles import Role

# Who works for one certification body (LSP): its admins, assessors, test-site heads, decision
# makers and the training providers that train its candidates.
LSP_STAFF = frozenset({Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER,
                       Role.TRAINING_PROVIDER})  # fmt: skip
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_COOLDOWN = timedelta(seconds=60)


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    account_id: UUID


class AccountOpened(_Event):
    role: Role
    personal: dict[str, Any]
    opened_by: UUID | None
    opened_at: datetime
    # A district operator works in these districts only (Kemendagri codes); others: none.
    districts: list[str] = []
    # The certification body (LSP) an LSP's staff work for; district operators and candidates
    # work for none (they act across LSPs).
    lsp_id: UUID | None = None


class VerificationCodeIssued(_Event):
    code_hash: str
    issued_at: datetime
    expires_at: datetime


class VerificationCodeRejected(_Event):
    attempt: int
    rejected_at: datetime


class VerificationCodeAccepted(_Event):
    accepted_at: datetime


class AccountLinkedToCandidate(_Event):
    candidate_id: UUID
    linked_at: datetime


class AccountClosed(_Event):
    closed_at: datetime


AccountEvent = (
    AccountOpened
    | VerificationCodeIssued
    | VerificationCodeRejected
    | VerificationCodeAccepted
    | AccountLinkedToCandidate
    | AccountClosed
)
EVENTS: tuple[type[AccountEvent], ...] = (
    AccountOpened,
    VerificationCodeIssued,
    VerificationCodeRejected,
    VerificationCodeAccepted,
    AccountLinkedToCandidate,
    AccountClosed,
)


class AccountError(Exception):
    """A command the account's state refuses."""


class AccountAlreadyOpened(AccountError):
    pass


class AccountUnavailable(AccountError):
    """No such account, or it was closed (erased)."""


class ResendTooSoon(AccountError):
    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"retry after {retry_after}")
        self.retry_after = retry_after


class CodeNotValid(AccountError):
    """No live code: none issued, expired, used, or too many wrong attempts."""


class AlreadyLinked(AccountError):
    def __init__(self, candidate_id: UUID) -> None:
        super().__init__(str(candidate_id))
        self.candidate_id = candidate_id


@dataclass(frozen=True)
class Code:
    code_hash: str
    issued_at: datetime
    expires_at: datetime
    attempts: int = 0
    used: bool = False

    def live(self, now: datetime) -> bool:
        return not self.used and self.attempts < MAX_ATTEMPTS and now < self.expires_at


@dataclass(frozen=True)
class Account:
    account_id: UUID | None = None
    role: Role | None = None
    personal: dict[str, Any] | None = None
    candidate_id: UUID | None = None
    verified: bool = False
    closed: bool = False
    code: Code | None = None
    districts: tuple[str, ...] = ()
    lsp_id: UUID | None = None

    @property
    def open(self) -> bool:
        return self.account_id is not None and not self.closed


def stream_id(account_id: UUID) -> str:
    return f"account-{account_id}"


def decide_open(
    state: Account, account_id: UUID, role: Role, personal: dict[str, Any],
    opened_by: UUID | None, now: datetime, districts: tuple[str, ...] = (),
    lsp_id: UUID | None = None,
) -> list[AccountEvent]:  # fmt: skip
    if state.account_id is not None:
        raise AccountAlreadyOpened(str(state.account_id))
    if (role is Role.DISTRICT_OPERATOR) != bool(districts):
        raise invalid(
            "districts",
            "operator kabupaten wajib punya kabupaten kerja; peran lain tidak",
            "a district operator needs their districts; other roles have none",
        )
    if any(not re.fullmatch(r"\d{4}", district) for district in districts):
        raise invalid("districts", "kode kabupaten harus 4 digit", "district codes are 4 digits")
    if (role in LSP_STAFF) != (lsp_id is not None):
        raise invalid(
            "lsp",
            "staf LSP bekerja untuk satu LSP; peran lain tidak",
            "an LSP's staff work for one LSP; other roles for none",
        )
    return [AccountOpened(account_id=account_id, role=role, personal=personal,
                          opened_by=opened_by, opened_at=now,
                          districts=sorted(set(districts)), lsp_id=lsp_id)]  # fmt: skip


def decide_issue_code(state: Account, code_hash: str, now: datetime) -> list[AccountEvent]:
    account_id = _open_id(state)
    if (
        state.code is not None
        and not state.code.used
        and now < state.code.issued_at + RESEND_COOLDOWN
    ):
        raise ResendTooSoon(state.code.issued_at + RESEND_COOLDOWN - now)
    return [VerificationCodeIssued(account_id=account_id, code_hash=code_hash,
                                   issued_at=now, expires_at=now + CODE_LIFETIME)]  # fmt: skip


def decide_verify(state: Account, code_hash: str, now: datetime) -> list[AccountEvent]:
    """Accepted, or one more rejected attempt (recorded: the fifth kills the code)."""
    account_id = _open_id(state)
    code = state.code
    if code is None or not code.live(now):
        raise CodeNotValid("no live code")
    if code.code_hash != code_hash:
        return [VerificationCodeRejected(account_id=account_id, attempt=code.attempts + 1,
                                         rejected_at=now)]  # fmt: skip
    return [VerificationCodeAccepted(account_id=account_id, accepted_at=now)]


def decide_link(state: Account, candidate_id: UUID, now: datetime) -> list[AccountEvent]:
    account_id = _open_id(state)
    if state.candidate_id == candidate_id:
        return []
    if state.candidate_id is not None:
        raise AlreadyLinked(state.candidate_id)
    return [AccountLinkedToCandidate(account_id=account_id, candidate_id=candidate_id,
                                     linked_at=now)]  # fmt: skip


def decide_close(state: Account, now: datetime) -> list[AccountEvent]:
    if not state.open:
        return []
    return [AccountClosed(account_id=_open_id(state), closed_at=now)]


def _open_id(state: Account) -> UUID:
    if state.account_id is None or state.closed:
        raise AccountUnavailable("no open account")
    return state.account_id


def evolve(state: Account, event: AccountEvent) -> Account:
    match event:
        case AccountOpened():
            return Account(
                event.account_id, event.role, event.personal,
                districts=tuple(event.districts), lsp_id=event.lsp_id,
            )  # fmt: skip
        case VerificationCodeIssued():
            return replace(state, code=Code(event.code_hash, event.issued_at, event.expires_at))
        case VerificationCodeRejected() if state.code is not None:
            return replace(state, code=replace(state.code, attempts=event.attempt))
        case VerificationCodeAccepted() if state.code is not None:
            return replace(state, verified=True, code=replace(state.code, used=True))
        case AccountLinkedToCandidate():
            return replace(state, candidate_id=event.candidate_id)
        case AccountClosed():
            return replace(state, closed=True, personal=None, code=None)
    return state


def rehydrate(events: list[AccountEvent]) -> Account:
    state = Account()
    for event in events:
        state = evolve(state, event)
    return state
