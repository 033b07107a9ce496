"""Training's handlers on in-memory adapters: the seeded requirement is set once for the
scheme's LSP; a batch records each completion once, and the trainer who is the LSP's assessor
is recorded as having trained the candidate in the same append; planning's gate names the
modules a candidate misses, and nothing for a scheme that requires none."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from assessment.assessors.application.assessor_commands import (
    AssessorCommands,
    AssessorRegistration,
)
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion
from assessment.planning.adapters.training_checks import TrainingGate
from assessment.training.adapters.assessor_trainings import AssessorTrainingBatches
from assessment.training.application.record_completions import RecordCompletions
from assessment.training.application.reported import Reported
from assessment.training.application.requirements import RequirementCommands
from assessment.training.application.training_status import TrainingStatus
from assessment.training.domain.training_record import Completion, Outcome
from assessment.training.seed import seed_requirements
from eventkit.store import InMemoryEventStore

LSP, ADMIN, PROVIDER = uuid4(), uuid4(), uuid4()
AT = datetime(2026, 5, 4, 9, tzinfo=UTC)


class Schemes:
    async def latest(self, scheme_code: str) -> PublishedSchemeVersion | None:
        return PublishedSchemeVersion(scheme_code, 1, LSP, scheme_code, [])

    async def add(self, tx: Any, version: PublishedSchemeVersion) -> None: ...

    async def get(self, scheme_code: str, version: int) -> PublishedSchemeVersion | None: ...


class Everyone:
    async def get(self, candidate_id: UUID) -> object:
        return candidate_id


def wired() -> tuple[InMemoryEventStore, RequirementCommands, RecordCompletions]:
    store = InMemoryEventStore()
    requirements = RequirementCommands(store, Schemes(), lambda: AT)
    record = RecordCompletions(
        store, requirements, Everyone(), AssessorTrainingBatches(store), lambda: AT
    )
    return store, requirements, record


def completed(candidate_id: UUID, module: str, trainer_id: UUID = PROVIDER) -> Reported:
    return Reported(
        "completions[0]",
        Completion(
            client_id=uuid4(),
            candidate_id=candidate_id,
            scheme_code="KOP-KASIR",
            module_code=module,
            completed_on=date(2026, 5, 1),
            provider_ref="BLK/01",
            trainer_id=trainer_id,
        ),
    )


async def test_the_seed_requires_six_modules_of_the_cashier_scheme_once() -> None:
    store, requirements, _ = wired()
    seeded = await seed_requirements(requirements, Schemes())
    assert [(s.scheme_code, s.lsp_id, s.modules) for s in seeded] == [
        ("KOP-KASIR", LSP, 6),
        ("KOP-BENDAHARA", LSP, 0),
    ]
    kasir = await requirements.of(LSP, "KOP-KASIR")
    assert [m.code for m in kasir.modules] == [f"KAS-0{n}" for n in range(1, 7)]
    assert kasir.modules[0].title == "Dasar-dasar Perkoperasian dan Peran Kasir"
    await seed_requirements(requirements, Schemes())
    assert len(await store.load(f"training-requirement-{LSP}-KOP-KASIR")) == 1


async def test_a_trainer_who_is_an_assessor_is_recorded_with_the_completions() -> None:
    store, requirements, record = wired()
    await seed_requirements(requirements, Schemes())
    assessors = AssessorCommands(store, lambda: AT)
    trainer = uuid4()
    registration = AssessorRegistration(
        trainer, "MET.000.001234 2019", date(2028, 1, 1), ["KOP-KASIR"], "5107"
    )
    await assessors.register(registration, ADMIN, LSP)
    one, two = uuid4(), uuid4()
    outcomes = await record(
        LSP,
        [
            completed(one, "KAS-01", trainer),
            completed(two, "KAS-01", trainer),
            completed(one, "KAS-02"),
        ],
        PROVIDER,
    )
    assert outcomes == [Outcome.APPLIED] * 3
    assert (await assessors.assessor(trainer, LSP)).trained == {one, two}
    again = await record(LSP, [completed(one, "KAS-01", trainer)], PROVIDER)
    assert again == [Outcome.ALREADY_COMPLETED]
    assert len(await store.load(f"assessor-{trainer}")) == 2  # registered, trained once

    gate = TrainingGate(TrainingStatus(requirements, applications=None, view=None))  # type: ignore[arg-type]
    blocked = await gate.untrained(LSP, "KOP-KASIR", [one, two])
    assert (
        blocked[one].reason_en == "training modules not completed: KAS-03, KAS-04, KAS-05, KAS-06"
    )
    assert "KAS-02" in blocked[two].reason_en and "KAS-02 (" in blocked[two].reason_id
    assert await gate.untrained(LSP, "KOP-BENDAHARA", [one]) == {}
    assert await gate.untrained(None, "KOP-KASIR", [one]) == {}
