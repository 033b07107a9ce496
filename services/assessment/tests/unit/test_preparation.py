"""A candidate's preparation: the consultation and the adjustments are the session's assessor's,
before the start; every need the application named gets an action, and only those; FR.AK.01
is signed on the current terms once the plan is set, by the assessor once the adjustments are
planned; the attempt takes answers only once both have signed, and never once voided."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest
from assessment_bank import AT, opened_attempt
from planning_samples import NOW

from assessment.exams.domain.answering import decide_record
from assessment.exams.domain.attempt import AnswerRecord, AttemptVoided, evolve
from assessment.planning.domain.consent_terms import TERMS_VERSION
from assessment.planning.domain.consenting import decide_consent
from assessment.planning.domain.preparation import (
    Adjustment,
    Facts,
    Party,
    Preparation,
)
from assessment.planning.domain.preparation import evolve as prepared
from assessment.planning.domain.preparing import decide_adjustments, decide_consultation
from kompeten_contracts.errors import Refusal

ASSESSOR, CANDIDATE = uuid4(), uuid4()
FACTS = Facts(
    attempt_id=uuid4(),
    candidate_id=CANDIDATE,
    assessor_id=ASSESSOR,
    session_assessors=(ASSESSOR,),
    needs=("vision", "reading_writing"),
    plan_set=True,
    started=False,
    over=False,
)
PLANNED = [
    Adjustment(need="vision", action="Soal dicetak huruf besar"),
    Adjustment(need="reading_writing", action="Soal dibacakan asesor"),
]


def refused(decision, *args) -> Refusal:  # type: ignore[no-untyped-def]
    with pytest.raises(Refusal) as caught:
        decision(*args)
    return caught.value


def test_the_consultation_is_recorded_by_the_sessions_assessor_before_the_start() -> None:
    [held] = decide_consultation(
        Preparation(),
        FACTS,
        date(2026, 11, 30),
        " Dijelaskan  MAPA ",
        ["Datang 08.30"],
        ASSESSOR,
        NOW,
    )
    assert held.notes == "Dijelaskan MAPA"
    state = prepared(Preparation(), held)
    assert (
        decide_consultation(
            state, FACTS, date(2026, 11, 30), "Dijelaskan MAPA", ["Datang 08.30"], ASSESSOR, NOW
        )
        == []
    )
    args = (date(2026, 11, 30), "x", [], ASSESSOR, NOW)
    assert (
        refused(decide_consultation, state, replace(FACTS, started=True), *args).kind.value
        == "conflict"
    )
    assert (
        refused(
            decide_consultation, state, FACTS, date(2026, 11, 30), "x", [], uuid4(), NOW
        ).kind.value
        == "forbidden"
    )
    tomorrow = NOW.date() + timedelta(days=1)
    assert (
        refused(decide_consultation, state, FACTS, tomorrow, "x", [], ASSESSOR, NOW).field
        == "held_on"
    )


def test_every_need_of_the_application_gets_an_action_and_only_those() -> None:
    [planned] = decide_adjustments(Preparation(), FACTS, PLANNED, ASSESSOR, NOW)
    assert [a.need for a in planned.adjustments] == ["vision", "reading_writing"]
    short = refused(decide_adjustments, Preparation(), FACTS, PLANNED[:1], ASSESSOR, NOW)
    assert short.field == "adjustments" and "reading_writing" in short.reason_en
    extra = [*PLANNED, Adjustment(need="hearing", action="Juru bahasa isyarat")]
    assert (
        refused(decide_adjustments, Preparation(), FACTS, extra, ASSESSOR, NOW).field
        == "adjustments[2].need"
    )
    none_needed = replace(FACTS, needs=())
    assert decide_adjustments(Preparation(), none_needed, [], ASSESSOR, NOW) == []


def test_ak01_is_signed_on_the_current_terms_once_the_plan_is_set() -> None:
    sign = (Party.CANDIDATE, CANDIDATE)
    assert (
        refused(
            decide_consent, Preparation(), replace(FACTS, plan_set=False), *sign, TERMS_VERSION, NOW
        ).field
        == "session_id"
    )
    assert (
        refused(decide_consent, Preparation(), FACTS, *sign, "AK.01-old", NOW).field
        == "terms_version"
    )
    assert (
        refused(
            decide_consent, Preparation(), replace(FACTS, over=True), *sign, TERMS_VERSION, NOW
        ).field
        == "attempt_id"
    )
    [signed] = decide_consent(
        Preparation(), replace(FACTS, started=True), *sign, TERMS_VERSION, NOW
    )
    state = prepared(Preparation(), signed)
    assert not state.consented
    assert decide_consent(state, FACTS, *sign, TERMS_VERSION, NOW) == []  # signed once


def test_the_assessor_signs_once_every_need_is_planned_for_and_then_it_is_complete() -> None:
    [candidate] = decide_consent(
        Preparation(), FACTS, Party.CANDIDATE, CANDIDATE, TERMS_VERSION, NOW
    )
    state = prepared(Preparation(), candidate)
    early = refused(decide_consent, state, FACTS, Party.ASSESSOR, ASSESSOR, TERMS_VERSION, NOW)
    assert early.field == "adjustments"
    assert (
        refused(
            decide_consent, state, FACTS, Party.ASSESSOR, uuid4(), TERMS_VERSION, NOW
        ).kind.value
        == "forbidden"
    )
    [planned] = decide_adjustments(state, FACTS, PLANNED, ASSESSOR, NOW)
    state = prepared(state, planned)
    [assessor] = decide_consent(state, FACTS, Party.ASSESSOR, ASSESSOR, TERMS_VERSION, NOW)
    assert prepared(state, assessor).consented


def answer(state) -> list[AnswerRecord]:  # type: ignore[no-untyped-def]
    question = state.drawn.questions[0]
    return [
        AnswerRecord(
            answer_id=uuid4(), question_id=question.question_id, seq=1, elapsed_ms=1000, choice=0
        )
    ]


def test_answers_wait_for_both_signatures_and_a_voided_attempt_takes_none() -> None:
    waiting = opened_attempt(consented=False)
    refusal = refused(decide_record, waiting, answer(waiting), AT)
    assert refusal.field == "consent" and refusal.kind.value == "conflict"
    consented = opened_attempt()
    events, _ = decide_record(consented, answer(consented), AT)
    assert events and events[0].applied
    void = AttemptVoided(
        attempt_id=consented.drawn.attempt_id,
        reason="force_majeure",  # type: ignore[union-attr]
        voided_at=AT,
    )
    voided = evolve(consented, void)
    refusal = refused(decide_record, voided, answer(voided), AT)
    assert refusal.field == "attempt_id" and "cancelled" in refusal.reason_en
