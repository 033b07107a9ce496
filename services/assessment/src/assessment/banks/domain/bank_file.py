"""A whole question-bank file, checked against itself and against the scheme version it is
for: every row's own problems, codes used twice, units the scheme does not have. A file with
any problem yields no content: a bank is taken whole or not at all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from assessment.banks.domain.bank_columns import COLUMNS
from assessment.banks.domain.bank_items import BankContent, BankItem, SchemeUnit
from assessment.banks.domain.bank_rows import RowProblem, check_row
from kompeten_contracts.errors import Problem, Refusal

Rows = Sequence[tuple[int, dict[str, str]]]  # spreadsheet row number, column name -> text
_ORDER = {name: n for n, name in enumerate(COLUMNS)}


class BankFileRefused(Refusal):
    """Every problem of every row of a file, each naming its row and column."""

    def __init__(self, rows: Sequence[RowProblem]) -> None:
        super().__init__([Problem(f"rows[{p.row}].{p.column}", p.reason_id, p.reason_en)
                          for p in rows])  # fmt: skip
        self.rows = list(rows)


def check_file(
    rows: Rows, units: Sequence[SchemeUnit], scheme_code: str, scheme_version: int
) -> tuple[BankContent | None, list[RowProblem]]:
    items: list[BankItem] = []
    problems: list[RowProblem] = []
    for number, cells in rows:
        item, found = check_row(number, cells)
        problems += found
        items += [item] if item is not None else []
    problems += _codes_used_twice(rows)
    problems += _units_not_in_scheme(rows, units, scheme_code, scheme_version)
    if problems:
        return None, sorted(set(problems), key=lambda p: (p.row, _ORDER.get(p.column, 99)))
    return BankContent(scheme_version=scheme_version, items=tuple(items)), []


def _text(cells: dict[str, str], column: str) -> str:
    return " ".join((cells.get(column) or "").split())


def _codes_used_twice(rows: Rows) -> list[RowProblem]:
    seen: dict[str, list[int]] = defaultdict(list)
    for number, cells in rows:
        if code := _text(cells, "kode"):
            seen[code.casefold()].append(number)
    problems = []
    for numbers in seen.values():
        for number in numbers if len(numbers) > 1 else ():
            others = ", ".join(str(n) for n in numbers if n != number)
            problems.append(RowProblem(number, "kode", f"kode sama dengan baris {others}",
                                       f"same code as row(s) {others}"))  # fmt: skip
    return problems


def _units_not_in_scheme(
    rows: Rows, units: Sequence[SchemeUnit], scheme_code: str, scheme_version: int
) -> list[RowProblem]:
    known = {unit.code for unit in units}
    return [
        RowProblem(number, "unit",
                   f"unit {unit} tidak ada di skema {scheme_code} versi {scheme_version}",
                   f"unit {unit} is not in scheme {scheme_code} version {scheme_version}")
        for number, cells in rows
        if (unit := _text(cells, "unit")) and unit not in known
    ]  # fmt: skip
