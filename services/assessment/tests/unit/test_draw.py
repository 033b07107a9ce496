"""A candidate's draw from a published bank version: per unit, shuffled, options shuffled,
the same for the same seed, different for another, the correct option always tracked."""

from __future__ import annotations

from uuid import uuid4

import pytest
from bank_samples import AT, UNIT_CODES, content, units

from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.domain.draw import draw
from assessment.banks.domain.instruments import instruments_per_unit
from assessment.banks.domain.question_bank import BankVersionPublished
from kompeten_contracts.errors import Refusal

BANK = BankVersion.of(BankVersionPublished(
    lsp_id=uuid4(), scheme_code="KOP-KASIR", actor=uuid4(), at=AT, version=1, per_unit=10,
    content=content(per_unit=12), instruments=instruments_per_unit(content(per_unit=12), units()),
))  # fmt: skip


def test_the_same_seed_draws_the_same_exam_and_another_seed_another() -> None:
    first = draw(BANK, 10, "attempt-1")
    assert draw(BANK, 10, "attempt-1") == first
    others = [draw(BANK, 10, f"attempt-{n}") for n in range(2, 12)]
    assert all(other != first for other in others)
    assert len({tuple(q.question_id for q in d) for d in others}) == len(others)


def test_a_draw_takes_per_unit_questions_of_every_unit_each_once_in_a_mixed_order() -> None:
    drawn = draw(BANK, 10, 42)
    assert len(drawn) == 40 and len({q.question_id for q in drawn}) == 40
    by_unit = [BANK.question(q.question_id).unit_code for q in drawn]
    assert {unit: by_unit.count(unit) for unit in UNIT_CODES} == dict.fromkeys(UNIT_CODES, 10)
    assert by_unit != sorted(by_unit)  # not unit after unit


def test_options_are_shuffled_and_the_correct_one_is_where_the_draw_says() -> None:
    orders = set()
    for seed in range(20):
        for drawn in draw(BANK, 10, seed):
            question = BANK.question(drawn.question_id)
            assert sorted(drawn.option_order) == list(range(len(question.options)))
            shown = drawn.shown(question.options)
            assert shown[drawn.correct_position] == question.options[question.correct or 0]
            orders.add(drawn.option_order)
    assert len(orders) > 12  # many of the 24 orders of four options occur


def test_a_draw_larger_than_a_unit_holds_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        draw(BANK, 13, "s")
    assert [p.field for p in refused.value.problems] == ["per_unit"] * 4
    with pytest.raises(Refusal):
        draw(BANK, 0, "s")
