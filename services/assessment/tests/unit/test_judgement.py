"""The assessor's judgement per unit and the recommendation: every unit once with its
evidence, the written test able to hold a unit back, published once and only when the attempt
is scored and over."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from assessment.judgement.domain.judgement import (
    Citable,
    Facts,
    Judgement,
    Outcome,
    UnitJudgement,
    UnitsJudged,
    decide_judge,
    decide_publish,
    evolve,
)
from kompeten_contracts.errors import Refusal

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
UNITS = ["U1", "U2"]


def judged(*outcomes: Outcome, evidence: tuple[str, ...] = ("IA.05",)) -> UnitsJudged:
    return UnitsJudged(
        attempt_id=uuid4(), assessor_id=uuid4(), judged_at=NOW, feedback="baik",
        units=[UnitJudgement(unit_code=u, outcome=o, evidence=list(evidence))
               for u, o in zip(UNITS, outcomes, strict=False)],
    )  # fmt: skip


def facts(correct: dict[str, int] | None, over: bool = True) -> Facts:
    return Facts(
        attempt_id=uuid4(), attempt_no=1, candidate_id=uuid4(), application_id=uuid4(),
        lsp_id=uuid4(), scheme_code="KOP-KASIR", scheme_version=1, session_id=uuid4(),
        district_code="5107", assessor_ids=[uuid4()], scheme_units=UNITS,
        correct_by_unit=correct, questions_by_unit={"U1": 10, "U2": 10}, over=over,
    )  # fmt: skip


K, BK = Outcome.COMPETENT, Outcome.NOT_YET_COMPETENT


def test_every_unit_exactly_once_with_instrument_evidence() -> None:
    with pytest.raises(Refusal) as missing:
        decide_judge(Judgement(), judged(K), UNITS)
    assert missing.value.problems[0].field == "units"
    with pytest.raises(Refusal) as no_evidence:
        decide_judge(Judgement(), judged(K, K, evidence=("foto",)), UNITS)
    assert [p.field for p in no_evidence.value.problems] == [
        "units[0].evidence",
        "units[1].evidence",
    ]


def test_published_once_only_when_scored_and_over() -> None:
    state = evolve(Judgement(), judged(K, K))
    assert decide_publish(state, facts(None), NOW) == []  # not scored yet
    assert decide_publish(state, facts({"U1": 9, "U2": 9}, over=False), NOW) == []
    [published] = decide_publish(state, facts({"U1": 9, "U2": 7}), NOW)
    assert published.overall is K
    state = evolve(state, published)
    assert decide_publish(state, facts({"U1": 9, "U2": 9}), NOW) == []
    with pytest.raises(Refusal):
        decide_judge(state, judged(BK, BK), UNITS)


def test_the_written_test_holds_back_a_unit_the_assessor_judged_k() -> None:
    state = evolve(Judgement(), judged(K, BK))
    [published] = decide_publish(state, facts({"U1": 6, "U2": 10}), NOW)
    assert [u.outcome for u in published.units] == [BK, BK] and published.overall is BK
    state = evolve(Judgement(), judged(K, K))
    unwritten = replace(facts({"U1": 7}), questions_by_unit={"U1": 10})
    [published] = decide_publish(state, unwritten, NOW)
    assert [u.outcome for u in published.units] == [K, K]  # U2 had no written questions


def test_the_same_judgement_sent_again_after_publication_changes_nothing() -> None:
    command = judged(K, K)
    state = evolve(Judgement(), command)
    [published] = decide_publish(state, facts({"U1": 9, "U2": 9}), NOW)
    state = evolve(state, published)
    retry = command.model_copy(update={"judged_at": datetime(2026, 12, 1, 13, tzinfo=UTC)})
    assert decide_judge(state, retry, UNITS) == []


PHOTO, OTHER = "ab" * 32, "cd" * 32


def test_a_judgement_cites_only_uploaded_photos_of_the_candidates_records() -> None:
    cited = judged(K, K, evidence=("IA.01", PHOTO))
    uploaded = Citable(photos=frozenset({PHOTO}), uploaded=frozenset({PHOTO}))
    assert decide_judge(Judgement(), cited, UNITS, uploaded) == [cited]
    not_yet = Citable(photos=frozenset({PHOTO}))
    with pytest.raises(Refusal) as waiting:
        decide_judge(Judgement(), cited, UNITS, not_yet)
    problems = waiting.value.problems
    assert [p.field for p in problems] == ["units[0].evidence[1]", "units[1].evidence[1]"]
    assert "not uploaded" in problems[0].reason_en
    with pytest.raises(Refusal) as strange:
        decide_judge(Judgement(), judged(K, K, evidence=("IA.01", OTHER)), UNITS, uploaded)
    assert "not a photo in this candidate's" in strange.value.problems[0].reason_en


def test_files_alone_are_no_evidence_and_instruments_alone_still_are() -> None:
    uploaded = Citable(photos=frozenset({PHOTO}), uploaded=frozenset({PHOTO}))
    with pytest.raises(Refusal) as files_only:
        decide_judge(Judgement(), judged(K, K, evidence=(PHOTO,)), UNITS, uploaded)
    fields = [p.field for p in files_only.value.problems]
    assert fields == ["units[0].evidence", "units[1].evidence"]
    with pytest.raises(Refusal):
        upper = judged(K, K, evidence=("IA.01", PHOTO.upper()))
        decide_judge(Judgement(), upper, UNITS, uploaded)
    plain = judged(K, K, evidence=("IA.05", "IA.09"))
    assert decide_judge(Judgement(), plain, UNITS) == [plain]
