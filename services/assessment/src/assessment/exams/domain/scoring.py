"""Scoring an attempt from the answers it holds: multiple choice by the key drawn with it,
essays left to the assessor. Scored at the deadline, and again (a new revision) whenever a
late batch written in time changed the answers."""

from __future__ import annotations

from datetime import datetime

from assessment.exams.domain.attempt import (
    Attempt,
    AttemptScored,
    ExamOpened,
    QuestionKind,
)
from kompeten_contracts.errors import conflict


def due(state: Attempt, now: datetime) -> bool:
    """Whether scoring has something to do now: the attempt is unscored, or its answers
    changed since it was last scored, and it is over: its time is up (deadline plus grace), or
    the phone said the candidate finished and everything it wrote has arrived."""
    closes_at = state.closes_at()
    if closes_at is None or not (now >= closes_at or state.complete):
        return False
    return state.revision == 0 or state.changed_since_scored


def decide_score(state: Attempt, now: datetime) -> list[AttemptScored]:
    if state.drawn is None or not due(state, now):
        return []
    correct: dict[str, int] = {}
    totals: dict[str, int] = {}
    essays = 0
    for question in state.drawn.questions:
        answer = state.latest.get(question.question_id)
        if question.kind is QuestionKind.ESSAY:
            essays += answer is not None
            continue
        totals[question.unit_code] = totals.get(question.unit_code, 0) + 1
        right = answer is not None and answer.choice == question.correct
        correct[question.unit_code] = correct.get(question.unit_code, 0) + right
    return [
        AttemptScored(
            attempt_id=state.drawn.attempt_id,
            revision=state.revision + 1,
            scored_at=now,
            answered=len(state.latest),
            correct_by_unit=correct,
            questions_by_unit=totals,
            essays_to_mark=essays,
        )
    ]


def decide_open(state: Attempt, opened: ExamOpened) -> list[ExamOpened]:
    """The session started: the attempt takes the server's start and deadline, once."""
    if state.drawn is None or state.voided:
        return []
    if state.opened is not None:
        if state.opened == opened:
            return []
        raise conflict("session_id", "ujian sudah dimulai", "the exam has already started")
    return [opened]
