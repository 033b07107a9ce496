"""APL-02 against the scheme: every element judged once, nothing unknown, evidence uploaded."""

from __future__ import annotations

from uuid import uuid4

from registration_samples import SCHEME, apl02

from registration.applications.domain.application_form import SelfAssessment
from registration.applications.domain.self_assessment import check_self_assessment


def test_a_complete_self_assessment_has_no_problems() -> None:
    evidence = uuid4()
    assert check_self_assessment(SCHEME, apl02([evidence]), frozenset({evidence})) == []


def test_a_missing_element_is_named() -> None:
    problems = check_self_assessment(SCHEME, apl02(skip=1), frozenset())
    assert [p.field for p in problems] == ["apl02.K.64KOP00.001.1.2"]
    assert "element 2 of unit K.64KOP00.001.1" in problems[0].reason_en


def test_unknown_units_and_elements_are_named() -> None:
    entries = apl02().model_dump()["judgements"]
    entries += [
        {"unit_code": "X.99", "element_code": "1", "judgement": "K", "evidence_ids": []},
        {
            "unit_code": "K.64KOP00.002.1",
            "element_code": "9",
            "judgement": "BK",
            "evidence_ids": [],
        },
    ]
    problems = check_self_assessment(SCHEME, SelfAssessment(judgements=entries), frozenset())
    assert [p.field for p in problems] == [
        "apl02.judgements.3.unit_code",
        "apl02.judgements.4.element_code",
    ]
    assert "unit X.99" in problems[0].reason_en and "element 9" in problems[1].reason_en


def test_an_element_judged_twice_is_refused() -> None:
    entries = apl02().model_dump()["judgements"]
    problems = check_self_assessment(
        SCHEME, SelfAssessment(judgements=[*entries, entries[0]]), frozenset()
    )
    assert problems[0].field == "apl02.judgements.3.element_code"


def test_evidence_references_must_be_uploaded() -> None:
    stray = uuid4()
    problems = check_self_assessment(SCHEME, apl02([stray]), frozenset())
    assert {p.field for p in problems} == {f"apl02.judgements.{i}.evidence_ids" for i in range(3)}
