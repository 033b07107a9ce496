"""A training provider's file of completions (XLSX, one row per module a candidate completed):
read whole, every row's problems named by row and column in both languages, and recorded
all or nothing through the same checks as the API's batch. A dry run only checks; the same
file again records nothing new (each row's client id is derived from what it says)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid5

from assessment.training.application.ports import ReadTable
from assessment.training.application.record_completions import RecordCompletions
from assessment.training.application.reported import CompletionsRefused, Reported
from assessment.training.domain.completion_rows import (
    COLUMN_OF,
    CompletionRow,
    RowProblem,
    read_row,
)
from assessment.training.domain.training_record import Completion, Outcome
from kompeten_contracts.errors import Problem, Refusal

ROW_IDS = UUID("5e4c1d2a-7b1f-4f55-9a51-7a1e6c0d1a11")  # the namespace of rows' client ids


@dataclass(frozen=True)
class CompletionFile:
    lsp_id: UUID | None
    content: bytes
    actor: UUID  # the provider's staff account: the trainer of rows that name none
    dry_run: bool = False


@dataclass(frozen=True)
class ImportReport:
    rows: int
    candidates: int
    applied: int  # recorded now (a dry run: would be)
    already_applied: int  # the same row was recorded by an earlier upload
    already_completed: int  # the module was already recorded for the candidate
    dry_run: bool


class CompletionFileRefused(Refusal):
    def __init__(self, rows: list[RowProblem]) -> None:
        super().__init__(
            [Problem(f"rows[{p.row}].{p.column}", p.reason_id, p.reason_en) for p in rows]
        )
        self.rows = rows


@dataclass
class ImportCompletions:
    record: RecordCompletions
    read_table: ReadTable

    async def __call__(self, file: CompletionFile) -> ImportReport:
        parsed: list[CompletionRow] = []
        problems: list[RowProblem] = []
        for number, cells in self.read_table(file.content):
            row, found = read_row(number, cells)
            parsed += [row] if row is not None else []
            problems += found
        reported = [Reported(f"rows[{row.row}]", _completion(row, file.actor)) for row in parsed]
        try:
            outcomes = await self.record(
                file.lsp_id,
                reported,
                file.actor,
                dry_run=file.dry_run or bool(problems),
                columns=COLUMN_OF,
            )
        except CompletionsRefused as refused:
            problems += [
                RowProblem(parsed[i].row, COLUMN_OF[f.attribute], f.reason_id, f.reason_en)
                for i, f in refused.faults
            ]
        if problems:
            raise CompletionFileRefused(sorted(problems, key=lambda p: (p.row, p.column)))
        return ImportReport(
            rows=len(parsed),
            candidates=len({row.candidate_id for row in parsed}),
            applied=outcomes.count(Outcome.APPLIED),
            already_applied=outcomes.count(Outcome.ALREADY_APPLIED),
            already_completed=outcomes.count(Outcome.ALREADY_COMPLETED),
            dry_run=file.dry_run,
        )


def _completion(row: CompletionRow, actor: UUID) -> Completion:
    said = "|".join(
        str(part)
        for part in (
            row.candidate_id,
            row.scheme_code,
            row.module_code,
            row.completed_on,
            row.provider_ref,
        )
    )
    return Completion(
        client_id=uuid5(ROW_IDS, said),
        candidate_id=row.candidate_id,
        scheme_code=row.scheme_code,
        module_code=row.module_code,
        completed_on=row.completed_on,
        provider_ref=row.provider_ref,
        trainer_id=row.trainer_id or actor,
    )
