"""Account: given events, when a command, then events (or a refusal)."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from kompeten_contracts.roles import Role
from registration.identity.domain.account import (
    Account,
    AccountClosed,
    AccountOpened,
    AccountUnavailable,
    AlreadyLinked,
    CodeNotValid,
    ResendTooSoon,
    VerificationCodeAccepted,
    VerificationCodeIssued,
    VerificationCodeRejected,
    decide_close,
    decide_issue_code,
    decide_link,
    decide_verify,
    rehydrate,
)

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ACCOUNT = uuid4()


def opened() -> AccountOpened:
    return AccountOpened(account_id=ACCOUNT, role=Role.CANDIDATE, personal={"v": 1},
                         opened_by=None, opened_at=T0)  # fmt: skip


def issued(at: datetime = T0, code_hash: str = "h1") -> VerificationCodeIssued:
    return VerificationCodeIssued(account_id=ACCOUNT, code_hash=code_hash, issued_at=at,
                                  expires_at=at + timedelta(minutes=10))  # fmt: skip


def given(*events) -> Account:  # type: ignore[no-untyped-def]
    return rehydrate(list(events))


def test_the_right_code_in_time_is_accepted() -> None:
    then = decide_verify(given(opened(), issued()), "h1", T0 + timedelta(minutes=9))
    assert then == [
        VerificationCodeAccepted(account_id=ACCOUNT, accepted_at=T0 + timedelta(minutes=9))
    ]


def test_a_wrong_code_is_a_counted_attempt() -> None:
    then = decide_verify(given(opened(), issued()), "nope", T0)
    assert then == [VerificationCodeRejected(account_id=ACCOUNT, attempt=1, rejected_at=T0)]


def test_after_five_wrong_attempts_even_the_right_code_is_dead() -> None:
    wrong = [
        VerificationCodeRejected(account_id=ACCOUNT, attempt=n, rejected_at=T0) for n in range(1, 6)
    ]
    with pytest.raises(CodeNotValid):
        decide_verify(given(opened(), issued(), *wrong), "h1", T0)


def test_four_wrong_attempts_leave_the_code_alive() -> None:
    wrong = [
        VerificationCodeRejected(account_id=ACCOUNT, attempt=n, rejected_at=T0) for n in range(1, 5)
    ]
    assert isinstance(
        decide_verify(given(opened(), issued(), *wrong), "h1", T0)[0], VerificationCodeAccepted
    )


def test_a_code_expires_after_ten_minutes() -> None:
    with pytest.raises(CodeNotValid):
        decide_verify(given(opened(), issued()), "h1", T0 + timedelta(minutes=10))


def test_a_code_is_used_once() -> None:
    used = VerificationCodeAccepted(account_id=ACCOUNT, accepted_at=T0)
    with pytest.raises(CodeNotValid):
        decide_verify(given(opened(), issued(), used), "h1", T0)


def test_a_new_code_replaces_the_old_one() -> None:
    state = given(opened(), issued(), issued(T0 + timedelta(seconds=60), "h2"))
    assert isinstance(
        decide_verify(state, "h1", T0 + timedelta(seconds=61))[0], VerificationCodeRejected
    )


def test_resend_waits_out_the_cooldown() -> None:
    with pytest.raises(ResendTooSoon) as caught:
        decide_issue_code(given(opened(), issued()), "h2", T0 + timedelta(seconds=45))
    assert caught.value.retry_after == timedelta(seconds=15)
    assert decide_issue_code(given(opened(), issued()), "h2", T0 + timedelta(seconds=60))


def test_after_a_used_code_a_new_one_needs_no_cooldown() -> None:
    used = VerificationCodeAccepted(account_id=ACCOUNT, accepted_at=T0)
    assert decide_issue_code(given(opened(), issued(), used), "h2", T0 + timedelta(seconds=1))


def test_an_account_links_to_one_candidate_only() -> None:
    first, other = uuid4(), uuid4()
    linked = given(opened(), *decide_link(given(opened()), first, T0))
    assert linked.candidate_id == first
    assert decide_link(linked, first, T0) == []
    with pytest.raises(AlreadyLinked):
        decide_link(linked, other, T0)


def test_a_closed_account_forgets_its_e_mail_and_cannot_sign_in() -> None:
    closed = given(opened(), issued(), *decide_close(given(opened(), issued()), T0))
    assert closed.personal is None and closed.closed
    assert decide_close(closed, T0) == []
    with pytest.raises(AccountUnavailable):
        decide_issue_code(closed, "h", T0 + timedelta(hours=1))
    assert decide_close(given(opened()), T0) == [AccountClosed(account_id=ACCOUNT, closed_at=T0)]
