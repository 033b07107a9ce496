"""Check every row of an uploaded cohort: on its own, against the other rows, and against the
registry (cooperatives, NIKs and e-mails already registered). Reports all problems at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventkit.pii import keyed_hash
from registration.candidates.domain.name_mask import mask_name
from registration.cohorts.application.ports import CohortRegistry, CohortTable
from registration.cohorts.domain.cohort_checks import (
    CooperativeRef,
    Registrant,
    against_registry,
    duplicates_in_file,
    outside_districts,
)
from registration.cohorts.domain.cohort_row import CohortRow, RowProblem, check_row
from registration.identity.application import codes
from registration.shared.application.ports import UnitOfWork


@dataclass(frozen=True)
class CheckedCohort:
    valid: list[CohortRow]
    problems: list[RowProblem]
    cooperatives: dict[str, CooperativeRef]

    @property
    def invalid_rows(self) -> int:
        return len({p.row for p in self.problems})


@dataclass
class CohortValidation:
    uow: UnitOfWork
    registry: CohortRegistry
    vault: Any
    hash_secret: bytes

    async def __call__(
        self, table: CohortTable, districts: frozenset[str] | None = None
    ) -> CheckedCohort:
        """districts: a district operator's (rows elsewhere are refused); None: anywhere."""
        rows: list[CohortRow] = []
        problems: list[RowProblem] = []
        for number, cells in table.rows:
            row, found = check_row(number, cells)
            problems += found
            if row is not None:
                rows.append(row)
        problems += duplicates_in_file(rows)
        cooperatives = await self.registry.cooperatives({r.cooperative_ref for r in rows})
        nik = {r.row: keyed_hash(self.hash_secret, r.nik) for r in rows}
        email = {r.row: codes.email_hash(self.hash_secret, r.email) for r in rows}
        async with self.uow.transaction() as tx:
            registrants = await self._registrants(tx, list(nik.values()))
            taken = await self.registry.emails_taken(tx, list(email.values()))
        problems += against_registry(
            rows,
            cooperatives,
            lambda r: registrants.get(nik[r.row]),
            lambda r: email[r.row] in taken,
        )
        if districts is not None:
            problems += outside_districts(rows, cooperatives, districts)
        problems.sort(key=lambda p: (p.row, p.field))
        bad = {p.row for p in problems}
        return CheckedCohort([r for r in rows if r.row not in bad], problems, cooperatives)

    async def _registrants(self, tx: Any, nik_hashes: list[str]) -> dict[str, Registrant]:
        holders = await self.registry.holders(tx, nik_hashes)
        sealed = [(h, holder) for h, holder in holders.items() if holder.personal is not None]
        opened = await self.vault.open_many(
            tx, [(holder.candidate_id, holder.personal) for _, holder in sealed]
        )
        names = {
            h: (fields or {}).get("full_name")
            for (h, _), fields in zip(sealed, opened, strict=True)
        }
        return {
            h: Registrant(mask_name(names.get(h) or "[dihapus]"), holder.cooperative_name)
            for h, holder in holders.items()
        }
