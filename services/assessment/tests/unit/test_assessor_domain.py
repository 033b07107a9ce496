"""The assessor's record: registered by an LSP with a well-formed MET licence still valid, the
schemes they may assess and a home district; relations, unavailable dates and trainings added
once each. Bad input is refused naming its field and records nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from assessment.assessors.domain import assessor as a
from assessment.assessors.domain import assessor_events as e
from kompeten_contracts.errors import Refusal

AT = datetime(2026, 11, 2, 9, tzinfo=UTC)
TODAY = AT.date()
LSP, ADMIN, ASSESSOR = uuid4(), uuid4(), uuid4()


def about() -> dict[str, Any]:
    return {"assessor_id": ASSESSOR, "lsp_id": LSP, "actor": ADMIN, "at": AT}


def register(**changes: Any) -> e.RegisterAssessor:
    fields = {
        **about(),
        "met_number": "met.000.001234 2019",
        "licence_valid_until": TODAY + timedelta(days=700),
        "scheme_codes": ("KOP-KASIR", "KOP-BENDAHARA", "KOP-KASIR"),
        "district_code": "5107",
        "cooperative_id": uuid4(),
    }
    return e.RegisterAssessor(**{**fields, **changes})


def fold(*steps: tuple[Any, Any]) -> a.Assessor:
    state = a.Assessor()
    for decide, command in steps:
        for event in decide(state, command):
            state = a.evolve(state, event)
    return state


def registered() -> a.Assessor:
    return fold((a.decide_register, register()))


def refused(decide: Any, state: a.Assessor, command: Any) -> Refusal:
    with pytest.raises(Refusal) as caught:
        decide(state, command)
    return caught.value


def test_an_assessor_is_registered_once_with_a_tidy_met_number_and_sorted_schemes() -> None:
    [event] = a.decide_register(a.Assessor(), register())
    assert isinstance(event, e.AssessorRegistered)
    assert event.met_number == "MET.000.001234 2019"
    assert event.scheme_codes == ("KOP-BENDAHARA", "KOP-KASIR")
    refusal = refused(a.decide_register, registered(), register())
    assert (refusal.status, refusal.field) == (409, "account_id")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"met_number": "12345"}, "met_number"),
        ({"licence_valid_until": TODAY - timedelta(days=1)}, "licence_valid_until"),
        ({"scheme_codes": ()}, "scheme_codes"),
        ({"scheme_codes": ("kop kasir",)}, "scheme_codes"),
        ({"district_code": "510"}, "district_code"),
        ({"lsp_id": None}, "lsp"),
    ],
)
def test_a_malformed_registration_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    refusal = refused(a.decide_register, a.Assessor(), register(**changes))
    assert (refusal.status, refusal.field) == (422, field)
    assert refusal.reason_id != refusal.reason_en


def test_schemes_are_replaced_and_the_same_set_again_records_nothing() -> None:
    state = fold(
        (a.decide_register, register()),
        (a.decide_set_schemes, e.SetSchemes(**about(), scheme_codes=("KOP-JURU-TULIS",))),
    )
    assert state.scheme_codes == {"KOP-JURU-TULIS"}
    again = e.SetSchemes(**about(), scheme_codes=("KOP-JURU-TULIS",))
    assert a.decide_set_schemes(state, again) == []
    assert refused(a.decide_set_schemes, state, e.SetSchemes(**about(), scheme_codes=())).field == (
        "scheme_codes"
    )


def test_a_relation_names_a_candidate_or_a_cooperative_and_is_declared_once() -> None:
    relation = e.Relation(kind=e.RelationKind.FAMILY, candidate_id=uuid4())
    declare = e.DeclareRelation(**about(), relation=relation)
    state = fold((a.decide_register, register()), (a.decide_declare_relation, declare))
    assert state.relations == (relation,)
    assert a.decide_declare_relation(state, declare) == []
    for bad in (
        e.Relation(kind=e.RelationKind.OTHER),
        e.Relation(kind=e.RelationKind.OTHER, candidate_id=uuid4(), cooperative_id=uuid4()),
    ):
        refusal = refused(
            a.decide_declare_relation, state, e.DeclareRelation(**about(), relation=bad)
        )
        assert (refusal.status, refusal.field) == (422, "candidate_id")


def test_unavailable_dates_accumulate_and_a_past_date_is_refused() -> None:
    days = (TODAY + timedelta(days=3), TODAY)
    state = fold(
        (a.decide_register, register()),
        (a.decide_declare_unavailability, e.DeclareUnavailability(**about(), dates=days)),
    )
    assert state.unavailable == set(days)
    assert (
        a.decide_declare_unavailability(state, e.DeclareUnavailability(**about(), dates=days)) == []
    )
    for dates in ((TODAY - timedelta(days=1),), ()):
        command = e.DeclareUnavailability(**about(), dates=dates)
        assert refused(a.decide_declare_unavailability, state, command).field == "dates"


def test_trained_candidates_are_recorded_once() -> None:
    trainee = uuid4()
    command = e.RecordTraining(**about(), candidate_ids=(trainee, trainee))
    state = fold((a.decide_register, register()), (a.decide_record_training, command))
    assert state.trained == {trainee}
    assert a.decide_record_training(state, command) == []


def test_nothing_but_registration_happens_to_an_unknown_assessor() -> None:
    command = e.SetSchemes(**about(), scheme_codes=("KOP-KASIR",))
    assert refused(a.decide_set_schemes, a.Assessor(), command).status == 404
