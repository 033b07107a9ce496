"""The training feature's commands and queries, as the API and planning call them."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.training.application.import_completions import ImportCompletions
from assessment.training.application.record_completions import RecordCompletions
from assessment.training.application.requirements import RequirementCommands
from assessment.training.application.training_status import TrainingStatus


@dataclass(frozen=True)
class Training:
    requirements: RequirementCommands
    record: RecordCompletions
    imports: ImportCompletions
    status: TrainingStatus
