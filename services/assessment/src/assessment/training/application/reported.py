"""A completion as reported (where in the request it came from) and the refusal of a request
with faulty completions, named for the API (completions[3].module_code) or a file (by column)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessment.training.domain import training_record as tr
from assessment.training.domain.completion_rules import Fault
from kompeten_contracts.errors import Problem, Refusal


@dataclass(frozen=True)
class Reported:
    where: str  # completions[3], rows[7]
    completion: tr.Completion


class CompletionsRefused(Refusal):
    """Every fault of every completion: (index in the request, fault), named for the API by
    `where` and the attribute's name in `columns` (a file's column names)."""

    def __init__(
        self, faults: list[tuple[int, Fault]], wheres: Sequence[str], columns: Mapping[str, str]
    ) -> None:
        super().__init__(
            [
                Problem(
                    f"{wheres[i]}.{columns.get(f.attribute, f.attribute)}", f.reason_id, f.reason_en
                )
                for i, f in faults
            ]
        )
        self.faults = faults
