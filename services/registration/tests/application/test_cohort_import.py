"""A district's cohort import on in-memory adapters: the dry run names each bad row and
registers no one; the commit registers the valid rows in chunks, each once; a second file
holding people already registered skips them by NIK."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventkit.pii import InMemoryVault
from eventkit.store import InMemoryEventStore
from kompeten_contracts.roles import Role
from registration.cohorts.adapters.cohort_table import read_table
from registration.cohorts.application.cohort_import_view import CohortImports
from registration.cohorts.application.cohort_validation import CohortValidation
from registration.cohorts.application.commit_cohort_import import CommitCohortImport
from registration.cohorts.application.ports import Holder, Reservation
from registration.cohorts.application.prepare_cohort_import import (
    CohortUpload,
    PrepareCohortImport,
)
from registration.cohorts.domain.cohort_checks import CooperativeRef
from registration.seed.cohort_file import as_csv, staff_rows
from registration.seed.cooperatives import DEMO_COOPERATIVES

from .fakes import InMemoryUnitOfWork

SECRET, OPERATOR = b"s" * 32, uuid4()


class InMemoryFiles:
    def __init__(self) -> None:
        self.kept: dict[UUID, tuple[UUID, str, Any]] = {}

    async def find(self, operator_id: UUID, content_hash: str) -> UUID | None:
        return next((i for i, (o, h, _) in self.kept.items() if (o, h) == (operator_id,
                     content_hash)), None)  # fmt: skip

    async def save(
        self, tx: Any, import_id: UUID, operator_id: UUID, content_hash: str, sealed: Any
    ) -> UUID | None:
        held = await self.find(operator_id, content_hash)
        if held is None:
            self.kept[import_id] = (operator_id, content_hash, sealed)
        return held

    async def load(self, import_id: UUID) -> dict[str, Any] | None:
        kept = self.kept.get(import_id)
        return None if kept is None else kept[2]


class InMemoryLeases:
    def __init__(self) -> None:
        self.leases: dict[UUID, tuple[UUID, datetime]] = {}

    async def renew(self, import_id: UUID, by: UUID, until: datetime) -> None:
        self.leases[import_id] = (by, until)

    async def release(self, import_id: UUID) -> None:
        self.leases.pop(import_id, None)

    async def expiry(self, import_id: UUID) -> datetime | None:
        lease = self.leases.get(import_id)
        return None if lease is None else lease[1]

    async def held(self) -> list[tuple[UUID, UUID]]:
        return [(i, by) for i, (by, _) in self.leases.items()]


class InMemoryRegistry:
    """The demo cooperatives of Karangasem, and who holds which NIK and e-mail."""

    def __init__(self) -> None:
        self.by_ref = {
            legal: CooperativeRef(str(uuid4()), name, "5107")
            for name, _, legal in DEMO_COOPERATIVES
        }
        self.niks: dict[str, Holder] = {}
        self.emails: set[str] = set()

    async def cooperatives(self, refs: set[str]) -> dict[str, CooperativeRef]:
        return {ref: self.by_ref[ref] for ref in refs if ref in self.by_ref}

    async def holders(self, tx: Any, nik_hashes: list[str]) -> dict[str, Holder]:
        return {h: self.niks[h] for h in nik_hashes if h in self.niks}

    async def emails_taken(self, tx: Any, email_hashes: list[str]) -> set[str]:
        return self.emails & set(email_hashes)

    async def reserve(self, tx: Any, import_id: UUID, reservations: list[Reservation]) -> None:
        for r in reservations:
            self.niks[r.nik_hash] = Holder(r.candidate_id, None, None)
            self.emails.add(r.email_hash)

    async def imported(self, candidate_ids: list[UUID]) -> dict[UUID, UUID]:
        return {}


class Cohort:
    """The cohort handlers wired as the composition root wires them, on in-memory adapters."""

    def __init__(self) -> None:
        uow, self.store = InMemoryUnitOfWork(), InMemoryEventStore()
        vault, files, leases = InMemoryVault(b"k" * 32), InMemoryFiles(), InMemoryLeases()
        self.registry = InMemoryRegistry()
        self.imports = imports = CohortImports(uow, self.store, vault, files, leases)
        validation = CohortValidation(uow, self.registry, vault, SECRET)
        self.prepare = PrepareCohortImport(
            uow, self.store, vault, files, validation, read_table, SECRET
        )
        self.commit = CommitCohortImport(
            uow, self.store, vault, imports, self.registry, SECRET, leases, chunk_rows=5
        )

    async def registered(self) -> list[Any]:
        return [e for e in await self.store.read_all() if e.event_type == "CandidateRegistered"]


def with_a_bad_row(rows: list[list[str]]) -> bytes:
    bad = [*rows[0]]
    bad[0] = "123"  # no NIK
    return as_csv([*rows, bad])


async def test_the_dry_run_names_bad_rows_and_the_commit_registers_each_valid_one_once() -> None:
    cohort, file = Cohort(), with_a_bad_row(staff_rows(12))
    prepared = await cohort.prepare(CohortUpload(OPERATOR, file))
    assert not prepared.replayed and await cohort.registered() == []
    again = await cohort.prepare(CohortUpload(OPERATOR, file))  # the same file, uploaded again
    assert again.replayed and again.import_id == prepared.import_id
    done = await cohort.commit(prepared.import_id, OPERATOR)
    assert (done.registered, done.skipped) == (12, 0)
    assert len(await cohort.registered()) == 12
    repeated = await cohort.commit(prepared.import_id, OPERATOR)  # a double click
    assert repeated.registered == 12 and len(await cohort.registered()) == 12


async def test_people_already_registered_are_skipped_by_nik() -> None:
    cohort = Cohort()
    rows = staff_rows(6)
    first = await cohort.prepare(CohortUpload(OPERATOR, as_csv(rows)))
    await cohort.commit(first.import_id, OPERATOR)
    later = staff_rows(6)  # the same people (same NIKs), new e-mail addresses
    second = await cohort.prepare(CohortUpload(OPERATOR, as_csv(later[:3] + staff_rows(9)[6:])))
    done = await cohort.commit(second.import_id, OPERATOR)
    assert done.registered == 3
    assert len(await cohort.registered()) == 9


async def test_a_commit_is_never_seen_interrupted_while_it_runs() -> None:
    """An operator's screen polls the import while it commits: the moment it reads 'running'
    the commit's lease is held, or the screen would say 'interrupted' and stop following."""
    cohort = Cohort()
    prepared = await cohort.prepare(CohortUpload(OPERATOR, as_csv(staff_rows(12))))
    seen: list[str] = []
    append = cohort.store.append

    async def append_and_look(*args: Any, **kwargs: Any) -> Any:
        recorded = await append(*args, **kwargs)
        found = await cohort.imports.get(prepared.import_id, OPERATOR, Role.DISTRICT_OPERATOR)
        seen.append(found.state if found else "missing")
        return recorded

    cohort.store.append = append_and_look  # type: ignore[method-assign]
    await cohort.commit(prepared.import_id, OPERATOR)
    assert seen and "interrupted" not in seen, seen
    assert seen[-1] == "done"
