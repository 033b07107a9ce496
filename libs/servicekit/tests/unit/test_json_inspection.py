"""The JSON guard's search: every non-finite number found on its field, and an ordinary body
(UUIDs whose hex reads like an exponent) not parsed a second time."""

from __future__ import annotations

import json
import uuid

import pytest

from servicekit.json_inspection import _SUSPECT_NUMBER, problem_in


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"1e400", "body"),
        (b' {"score": 1e400}', "score"),
        (b'{"a": [1, -2.5E+999]}', "a.1"),
        (b'{"a": {"b":\n 1e0400}}', "a.b"),
        (b'{"n": NaN}', "n"),
        (b'{"n": -Infinity}', "n"),
        (b'{"n": ' + b"1" * 400 + b".0}", "n"),
    ],
)
def test_a_non_finite_number_is_found_on_its_field(body: bytes, field: str) -> None:
    assert problem_in(body) == (field, "non_finite")


def test_finite_numbers_and_text_that_looks_like_one_are_not_problems() -> None:
    assert problem_in(b'{"text": "1e400", "score": 2.5e10, "big": 1e308}') is None


def test_an_answer_batch_with_exponent_like_uuids_is_not_parsed_twice() -> None:
    answer_id = uuid.UUID("3e123456-7e89-4e12-8e45-1234567e9012")
    body = json.dumps({"answers": [{"answer_id": str(answer_id), "seq": 12, "choice": 2}]})
    assert _SUSPECT_NUMBER.search(body.encode()) is None
    assert problem_in(body.encode()) is None
