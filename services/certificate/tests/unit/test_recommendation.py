"""The recommendation aggregate: kept once per attempt, refused when it contradicts itself, and
the record of who may not decide on it."""

from __future__ import annotations

from uuid import uuid4

import pytest
from certificate_cases import AT, recommendation

from certificate.recommendations.application.recommendation_published import received
from certificate.recommendations.domain import recommendation as r
from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from kompeten_contracts.errors import Kind, Refusal


def test_a_recommendation_is_received_once_and_a_duplicate_records_nothing() -> None:
    command = received(recommendation(), AT)
    [event] = r.decide_receive(r.Recommendation(), command)
    state = r.evolve(r.Recommendation(), event)
    again = command.model_copy(update={"received_at": AT.replace(hour=10)})
    assert r.decide_receive(state, again) == []


def test_a_different_recommendation_for_the_same_attempt_is_refused() -> None:
    command = received(recommendation(), AT)
    state = r.evolve(r.Recommendation(), *r.decide_receive(r.Recommendation(), command))
    other = command.model_copy(update={"assessor_ids": (uuid4(),)})
    with pytest.raises(Refusal) as refused:
        r.decide_receive(state, other)
    assert (refused.value.kind, refused.value.field) == (Kind.CONFLICT, "attempt_id")


def test_overall_k_with_a_unit_bk_is_refused_naming_overall() -> None:
    command = received(recommendation(), AT)
    units = (*command.units[:-1], UnitOutcome(unit_code="M.1", outcome=Outcome.NOT_YET_COMPETENT))
    with pytest.raises(Refusal) as refused:
        r.decide_receive(r.Recommendation(), command.model_copy(update={"units": units}))
    assert refused.value.field == "overall"


def test_everyone_named_as_assessor_is_barred_from_deciding_and_no_one_else() -> None:
    assessors = (uuid4(), uuid4())
    command = received(recommendation(assessor_ids=assessors), AT)
    state = r.evolve(r.Recommendation(), *r.decide_receive(r.Recommendation(), command))
    for assessor in assessors:
        refusal = r.independence_refusal(state, assessor)
        assert refusal is not None and refusal.kind is Kind.FORBIDDEN
        assert refusal.field == "assessor_ids" and "assessor_ids" in refusal.reason_en
    assert r.independence_refusal(state, uuid4()) is None
