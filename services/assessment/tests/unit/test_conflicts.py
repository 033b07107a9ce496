"""Conflict of interest and eligibility block an assignment automatically, each with its reason
in Bahasa Indonesia and English: same cooperative, a declared relation to the candidate or their
cooperative, trained the candidate, licence expired on the date, scheme not licensed, unavailable
on the date, another LSP's assessor. The limit of candidates per assessor is per scheme."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from assessment.assessors.adapters.limits_setting import limits_from_environment
from assessment.assessors.domain import assessor as a
from assessment.assessors.domain import assessor_events as e
from assessment.assessors.domain.blocking import Block
from assessment.assessors.domain.conflicts import (
    CandidateFacts,
    assignment_refusal,
    blocking_reasons,
)
from assessment.assessors.domain.limits import CandidateLimits

AT = datetime(2026, 11, 2, 9, tzinfo=UTC)
TODAY = AT.date()
LSP, ASSESSOR, EMPLOYER = uuid4(), uuid4(), uuid4()
LICENCE_UNTIL = TODAY + timedelta(days=100)


def about() -> dict[str, Any]:
    return {"assessor_id": ASSESSOR, "lsp_id": LSP, "actor": uuid4(), "at": AT}


def assessor(*changes: Any) -> a.Assessor:
    state = a.Assessor()
    registration = e.RegisterAssessor(
        **about(),
        met_number="MET.000.001234 2019",
        licence_valid_until=LICENCE_UNTIL,
        scheme_codes=("KOP-KASIR",),
        district_code="5107",
        cooperative_id=EMPLOYER,
    )
    for decide, command in ((a.decide_register, registration), *changes):
        for event in decide(state, command):
            state = a.evolve(state, event)
    return state


def candidate(cooperative_id: UUID | None = None, **changes: Any) -> CandidateFacts:
    fields = {
        "candidate_id": uuid4(),
        "cooperative_id": cooperative_id or uuid4(),
        "scheme_code": "KOP-KASIR",
        "on_date": TODAY + timedelta(days=10),
        "lsp_id": LSP,
    }
    return CandidateFacts(**{**fields, **changes})


def blocks(state: a.Assessor, facts: CandidateFacts) -> list[Block]:
    reasons = blocking_reasons(state, facts)
    assert all(r.reason_id and r.reason_en and r.reason_id != r.reason_en for r in reasons)
    return [r.block for r in reasons]


def test_an_unrelated_licensed_available_assessor_may_assess() -> None:
    assert blocking_reasons(assessor(), candidate()) == []
    assert assignment_refusal(assessor(), candidate()) is None


def test_the_same_cooperative_blocks() -> None:
    assert blocks(assessor(), candidate(EMPLOYER)) == [Block.SAME_COOPERATIVE]


def relation(**target: UUID) -> tuple[Any, Any]:
    declared = e.Relation(kind=e.RelationKind.FAMILY, **target)
    return a.decide_declare_relation, e.DeclareRelation(**about(), relation=declared)


def test_a_declared_relation_to_the_candidate_blocks() -> None:
    facts = candidate()
    state = assessor(relation(candidate_id=facts.candidate_id))
    assert blocks(state, facts) == [Block.RELATED_TO_CANDIDATE]
    assert "keluarga" in blocking_reasons(state, facts)[0].reason_id
    assert blocks(state, candidate()) == []


def test_a_declared_relation_to_the_candidates_cooperative_blocks() -> None:
    cooperative = uuid4()
    state = assessor(relation(cooperative_id=cooperative))
    assert blocks(state, candidate(cooperative)) == [Block.RELATED_TO_COOPERATIVE]


def test_having_trained_the_candidate_blocks() -> None:
    facts = candidate()
    trained = e.RecordTraining(**about(), candidate_ids=(facts.candidate_id,))
    assert blocks(assessor((a.decide_record_training, trained)), facts) == [Block.TRAINED_CANDIDATE]


def test_a_licence_expired_on_the_date_blocks_and_its_last_day_does_not() -> None:
    assert blocks(assessor(), candidate(on_date=LICENCE_UNTIL)) == []
    expired = candidate(on_date=LICENCE_UNTIL + timedelta(days=1))
    assert blocks(assessor(), expired) == [Block.LICENCE_EXPIRED]
    assert LICENCE_UNTIL.isoformat() in blocking_reasons(assessor(), expired)[0].reason_en


def test_a_scheme_outside_the_licence_blocks() -> None:
    assert blocks(assessor(), candidate(scheme_code="KOP-BENDAHARA")) == [Block.SCHEME_NOT_LICENSED]


def test_an_unavailable_date_blocks() -> None:
    day = TODAY + timedelta(days=10)
    away = (a.decide_declare_unavailability, e.DeclareUnavailability(**about(), dates=(day,)))
    assert blocks(assessor(away), candidate(on_date=day)) == [Block.UNAVAILABLE]
    assert blocks(assessor(away), candidate(on_date=day + timedelta(days=1))) == []


def test_another_lsps_assessor_and_an_unregistered_one_are_blocked() -> None:
    assert blocks(assessor(), candidate(lsp_id=uuid4())) == [Block.OTHER_LSP]
    assert blocks(a.Assessor(), candidate()) == [Block.NOT_REGISTERED]


def test_every_reason_is_given_at_once_as_one_refusal_naming_the_field() -> None:
    facts = candidate(EMPLOYER, scheme_code="KOP-BENDAHARA", on_date=LICENCE_UNTIL + timedelta(1))
    trained = e.RecordTraining(**about(), candidate_ids=(facts.candidate_id,))
    refusal = assignment_refusal(assessor((a.decide_record_training, trained)), facts, "assessors")
    assert refusal is not None and refusal.status == 409
    assert {p.field for p in refusal.problems} == {"assessors"}
    assert len(refusal.problems) == 4


def test_the_limit_per_assessor_is_per_scheme_with_a_default() -> None:
    limits = CandidateLimits(default=10, per_scheme={"KOP-KASIR": 15})
    assert (limits.for_scheme("KOP-KASIR"), limits.for_scheme("KOP-BENDAHARA")) == (15, 10)
    assert limits.over_limit("KOP-KASIR", 15) is None
    over = limits.over_limit("KOP-BENDAHARA", 11)
    assert over is not None and over.block is Block.OVER_LIMIT and "10" in over.reason_id
    assert CandidateLimits().for_scheme("KOP-KASIR") == 10


def test_the_installation_sets_the_limits_and_a_bad_setting_stops_the_start() -> None:
    limits = limits_from_environment(
        {
            "KOMPETEN_ASSESSOR_LIMIT": "12",
            "KOMPETEN_ASSESSOR_LIMITS": "KOP-KASIR=15, KOP-BENDAHARA=8",
        }
    )
    assert limits == CandidateLimits(12, {"KOP-KASIR": 15, "KOP-BENDAHARA": 8})
    assert limits_from_environment({}) == CandidateLimits()
    for bad in (
        {"KOMPETEN_ASSESSOR_LIMIT": "0"},
        {"KOMPETEN_ASSESSOR_LIMITS": "KOP-KASIR"},
        {"KOMPETEN_ASSESSOR_LIMITS": "kasir=3"},
        {"KOMPETEN_ASSESSOR_LIMITS": "KOP-KASIR=500"},
    ):
        with pytest.raises(ValueError, match="KOMPETEN_ASSESSOR_LIMIT"):
            limits_from_environment(bad)
