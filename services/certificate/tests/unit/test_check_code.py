"""The check code printed beside a certificate's number: stable for a token, different for
another, forgiving of how a person types it, and never matching a malformed entry."""

from __future__ import annotations

import re

from certificate.issuance.application.issue import new_token
from certificate.issuance.domain.check_code import check_code, matches, normalised


def test_a_token_has_one_code_in_two_groups_of_four() -> None:
    token = new_token()
    code = check_code(token)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert check_code(token) == code


def test_codes_of_different_tokens_differ() -> None:
    codes = {check_code(new_token()) for _ in range(2000)}
    assert len(codes) == 2000


def test_typing_is_forgiven_but_a_wrong_code_is_not() -> None:
    token = new_token()
    code = check_code(token)
    typed = f" {code.lower().replace('-', ' ')} ".replace("0", "o").replace("1", "l")
    assert matches(token, typed)
    assert not matches(new_token(), code)
    for bad in ("", "ABCD", "ABCD-EFGH-1234", "ABCU-0000", "ÄBCD-0000"):
        assert normalised(bad) is None and not matches(token, bad)
