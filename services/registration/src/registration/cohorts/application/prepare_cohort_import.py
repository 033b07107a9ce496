"""Upload a cohort file: check every row and keep the file for commit (a dry run: nothing is
registered). The same file uploaded again by the same operator is the same import."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.store import EventStore
from registration.catalogue.domain.cooperative_terms import CooperativeRole, OccupationalGroup
from registration.cohorts.application.cohort_validation import CheckedCohort, CohortValidation
from registration.cohorts.application.ports import CohortFiles, CohortTable
from registration.cohorts.domain import cohort_import
from registration.cohorts.domain.cohort_row import CohortRow
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import ImportStreams, import_streams


@dataclass(frozen=True)
class CohortUpload:
    operator_id: UUID
    content: bytes
    # A district operator's districts: rows elsewhere are refused. None: an LSP admin's upload.
    districts: frozenset[str] | None = None


@dataclass(frozen=True)
class Prepared:
    import_id: UUID
    replayed: bool


def file_rows(checked: CheckedCohort) -> list[dict[str, Any]]:
    """The valid rows as kept for commit, each with its cooperative resolved."""
    kept = []
    for row in checked.valid:
        cooperative = checked.cooperatives[row.cooperative_ref]
        kept.append({**asdict(row), "cooperative_id": cooperative.cooperative_id,
                     "cooperative_name": cooperative.name,
                     "district_code": row.district_code or cooperative.district_code})  # fmt: skip
    return kept


def as_row(kept: dict[str, Any]) -> CohortRow:
    fields = {k: kept[k] for k in CohortRow.__dataclass_fields__}
    role, group = CooperativeRole(kept["role"]), OccupationalGroup(kept["occupational_group"])
    return CohortRow(**{**fields, "role": role, "occupational_group": group})


@dataclass
class PrepareCohortImport:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    files: CohortFiles
    validation: CohortValidation
    read_table: Callable[[bytes], CohortTable]
    hash_secret: bytes
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    streams: ImportStreams = field(init=False)

    def __post_init__(self) -> None:
        self.streams = import_streams(self.store)

    async def __call__(self, upload: CohortUpload) -> Prepared:
        # Keyed: the file is personal data, and its plain hash could be checked against a guess.
        content_hash = hmac.new(self.hash_secret, upload.content, hashlib.sha256).hexdigest()
        found = await self.files.find(upload.operator_id, content_hash)
        if found is not None:
            return Prepared(found, replayed=True)
        table = self.read_table(upload.content)
        checked = await self.validation(table, upload.districts)
        import_id = uuid4()
        problems = [asdict(p) for p in checked.problems]
        async with refused_if_raced(), self.uow.transaction() as tx:
            sealed = await self.vault.seal(
                tx,
                import_id,
                {"rows": json.dumps(file_rows(checked)), "problems": json.dumps(problems)},
            )
            holder = await self.files.save(tx, import_id, upload.operator_id, content_hash, sealed)
            if holder is not None:  # the same file, uploaded twice at once
                return Prepared(holder, replayed=True)
            event = cohort_import.CohortImportPrepared(
                import_id=import_id,
                operator_id=upload.operator_id,
                content_hash=content_hash,
                file_kind=table.kind,
                total_rows=len(table.rows),
                valid_rows=len(checked.valid),
                invalid_rows=checked.invalid_rows,
                prepared_at=self.clock(),
            )
            await self.streams.append(import_id, 0, [event], tx=tx)
        return Prepared(import_id, replayed=False)
