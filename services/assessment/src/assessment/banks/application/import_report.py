"""What an accepted bank file holds, as the admin who uploaded it reads it back: how many
items of each kind per unit, and the draft version it became (none on a dry run)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.banks.domain.bank_items import BankContent, ItemKind


@dataclass(frozen=True)
class UnitCount:
    unit_code: str
    counts: dict[str, int]  # item kind -> number of rows


@dataclass(frozen=True)
class ImportReport:
    scheme_code: str
    scheme_version: int
    draft_version: int | None
    items: int
    units: list[UnitCount]


def report_of(scheme_code: str, content: BankContent, draft_version: int | None) -> ImportReport:
    units: dict[str, dict[str, int]] = {}
    for item in content.items:
        counts = units.setdefault(item.unit_code, {kind.value: 0 for kind in ItemKind})
        counts[item.kind.value] += 1
    return ImportReport(
        scheme_code,
        content.scheme_version,
        draft_version,
        len(content.items),
        [UnitCount(code, counts) for code, counts in units.items()],
    )
