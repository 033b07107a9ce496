"""Session tokens: what one service issues, another verifies; anything else is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import jwt
import pytest

from eventkit import tokens
from eventkit.tokens import Claims, InvalidToken, issue, verify


def test_a_token_carries_account_role_and_candidate_back() -> None:
    staff = Claims(uuid4(), "assessor")
    candidate = Claims(uuid4(), "candidate", uuid4())
    assert verify(issue(staff)) == staff
    assert verify(issue(candidate)) == candidate


def test_an_expired_token_is_refused() -> None:
    with pytest.raises(InvalidToken):
        verify(issue(Claims(uuid4(), "assessor"), ttl=timedelta(seconds=-1)))


def test_a_token_verified_before_is_refused_once_it_has_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = issue(Claims(uuid4(), "candidate", uuid4()), ttl=timedelta(minutes=5))
    assert verify(token).role == "candidate"  # now remembered as verified
    later = tokens.time.time() + 301
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    checked: list[str] = []

    def full_check(again: str) -> Any:  # what PyJWT says at that time (its own clock)
        checked.append(again)
        raise InvalidToken("expired")

    monkeypatch.setattr(tokens, "_verify", full_check)
    with pytest.raises(InvalidToken):
        verify(token)
    assert checked == [token]  # not answered from memory


def ours(claims: dict[str, Any]) -> str:
    kid, keys = tokens.keys()
    return jwt.encode(claims, keys[kid], "HS256", headers={"kid": kid})


FORGERIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "other secret": lambda c: jwt.encode(c, "another-secret-of-at-least-32-chars!", "HS256"),
    "unsigned": lambda c: jwt.encode(c, key=None, algorithm="none"),
    "role not a name": lambda c: ours({**c, "role": 7}),
    "sub not a uuid": lambda c: ours({**c, "sub": "not-a-uuid"}),
    "cid not a uuid": lambda c: ours({**c, "cid": "nope"}),
    "no role": lambda c: ours({k: v for k, v in c.items() if k != "role"}),
    "no expiry": lambda c: ours({k: v for k, v in c.items() if k != "exp"}),
    "not a token": lambda c: "not.a.token",
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_token_we_did_not_sign_as_issued_is_refused(forgery: str) -> None:
    claims = {"sub": str(uuid4()), "role": "lsp_admin", "exp": datetime.now(UTC) + timedelta(1)}
    with pytest.raises(InvalidToken):
        verify(FORGERIES[forgery](claims))
