"""Checks of a cohort's rows against each other and against what is already registered.
Each finding names the row and the field; NIKs and names of others are only ever masked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from registration.cohorts.domain.cohort_row import CohortRow, RowProblem


@dataclass(frozen=True)
class Registrant:
    """Who already holds a NIK: a masked name, and through which cooperative (if an import)."""

    masked_name: str
    cooperative_name: str | None


@dataclass(frozen=True)
class CooperativeRef:
    cooperative_id: str
    name: str
    district_code: str


def duplicates_in_file(rows: list[CohortRow]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for field, what in (("nik", "NIK"), ("email", "e-mail")):
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            seen[getattr(row, field)].append(row.row)
        for numbers in seen.values():
            for number in numbers if len(numbers) > 1 else ():
                others = ", ".join(str(n) for n in numbers if n != number)
                problems.append(RowProblem(number, field,
                    f"{what} sama dengan baris {others} di berkas ini",
                    f"same {what} as row(s) {others} of this file"))  # fmt: skip
    return problems


def against_registry(
    rows: list[CohortRow],
    cooperatives: Mapping[str, CooperativeRef],
    registrant_of: Callable[[CohortRow], Registrant | None],
    email_taken: Callable[[CohortRow], bool],
) -> list[RowProblem]:
    problems: list[RowProblem] = []

    def add(row: int, field: str, reason_id: str, reason_en: str) -> None:
        problems.append(RowProblem(row, field, reason_id, reason_en))

    for row in rows:
        cooperative = cooperatives.get(row.cooperative_ref)
        if cooperative is None:
            add(
                row.row,
                "cooperative",
                "koperasi tidak ditemukan (nomor badan hukum atau id)",
                "unknown cooperative (legal number or id)",
            )
        elif row.district_code and row.district_code != cooperative.district_code:
            code = cooperative.district_code
            add(
                row.row,
                "district_code",
                f"koperasi ini terdaftar di kabupaten {code}",
                f"this cooperative is registered in district {code}",
            )
        registrant = registrant_of(row)
        if registrant is not None:
            problems.append(already_registered(row.row, registrant))
        elif email_taken(row):
            add(
                row.row,
                "email",
                "e-mail ini sudah dipakai peserta lain",
                "this e-mail already belongs to another candidate",
            )
    return problems


def already_registered(row: int, registrant: Registrant) -> RowProblem:
    via_id = f" melalui {registrant.cooperative_name}" if registrant.cooperative_name else ""
    via_en = f" through {registrant.cooperative_name}" if registrant.cooperative_name else ""
    return RowProblem(row, "nik",
        f"NIK sudah terdaftar atas nama {registrant.masked_name}{via_id}",
        f"NIK already registered to {registrant.masked_name}{via_en}")  # fmt: skip


def outside_districts(
    rows: list[CohortRow], cooperatives: Mapping[str, CooperativeRef], districts: frozenset[str]
) -> list[RowProblem]:
    """Rows of people a district operator may not register: their cooperative is in a district
    that is not one of the operator's."""
    problems = []
    for row in rows:
        cooperative = cooperatives.get(row.cooperative_ref)
        district = row.district_code or (cooperative.district_code if cooperative else None)
        if district is not None and district not in districts:
            problems.append(RowProblem(row.row, "district_code",
                                       f"kabupaten {district} bukan wilayah kerja Anda",
                                       f"district {district} is not one of yours"))  # fmt: skip
    return problems
