"""What certification needs to bar deciders reaches the public events: the candidate's trainers
ride on the recommendation (from the training record), the appeal's reviewer on its decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

from assessment.appeals.domain.appeal import AppealDecided, AppealOutcome
from assessment.judgement.domain.judgement import (
    Facts,
    Judgement,
    Outcome,
    UnitJudgement,
    UnitsJudged,
    decide_publish,
    evolve,
)
from assessment.shared.adapters.outbound import appeal_decided, recommendation_published
from assessment.training.domain import training_record as tr

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
K = Outcome.COMPETENT
UNITS = ["U1", "U2"]


def judged() -> UnitsJudged:
    return UnitsJudged(
        attempt_id=uuid4(), assessor_id=uuid4(), judged_at=NOW, feedback="baik",
        units=[UnitJudgement(unit_code=u, outcome=K, evidence=["IA.05"]) for u in UNITS],
    )  # fmt: skip


def facts() -> Facts:
    return Facts(
        attempt_id=uuid4(), attempt_no=1, candidate_id=uuid4(), application_id=uuid4(),
        lsp_id=uuid4(), scheme_code="KOP-KASIR", scheme_version=1, session_id=uuid4(),
        district_code="5107", assessor_ids=[uuid4()], scheme_units=UNITS,
        correct_by_unit={"U1": 9, "U2": 9}, questions_by_unit={"U1": 10, "U2": 10}, over=True,
    )  # fmt: skip


def completed(trainer: object, module: str) -> tr.ModuleCompleted:
    return tr.ModuleCompleted(
        client_id=uuid4(), candidate_id=uuid4(), scheme_code="KOP-KASIR", module_code=module,
        completed_on=date(2026, 10, 1), provider_ref="BLK-1", trainer_id=trainer,
        lsp_id=uuid4(), recorded_by=uuid4(), recorded_at=NOW,
    )  # fmt: skip


def test_the_training_record_names_each_trainer_once_in_order() -> None:
    first, second = uuid4(), uuid4()
    record = tr.TrainingRecord()
    for trainer, module in ((first, "M1"), (second, "M2"), (first, "M3")):
        record = tr.evolve(record, completed(trainer, module))
    assert record.trainer_ids == (first, second)
    assert tr.TrainingRecord().trainer_ids == ()


def test_the_published_recommendation_carries_the_trainers() -> None:
    trainers = (uuid4(), uuid4())
    state = evolve(Judgement(), judged())
    found = replace(facts(), trainer_ids=trainers)
    [published] = decide_publish(state, found, NOW)
    public = recommendation_published(published)
    assert public.trainer_ids == list(trainers)
    [untrained] = decide_publish(state, facts(), NOW)
    assert recommendation_published(untrained).trainer_ids == []


def test_the_published_appeal_decision_names_its_reviewer() -> None:
    reviewer = uuid4()
    decided = AppealDecided(
        appeal_id=uuid4(), attempt_id=uuid4(), attempt_no=1, candidate_id=uuid4(),
        application_id=uuid4(), lsp_id=uuid4(), outcome=AppealOutcome.DISMISSED,
        reasons="alasan peninjau yang cukup panjang", decided_by=reviewer, decided_at=NOW,
    )  # fmt: skip
    assert appeal_decided(decided).reviewer_id == reviewer
