"""Commit an import: register its valid rows in chunks, each chunk one transaction of
`append_many` (candidates, NIK and e-mail reservations, and the chunk's event on the import).

Resumable: a commit that died is committed again and continues with the rows the import's
stream does not record as done; rows found taken meanwhile (NIK or e-mail) are skipped and counted.
A commit holds a lease on its import, renewed at every chunk and dropped when it ends (done or
failed): a running import whose lease expired is one whose process died, shown "interrupted".
Once done, the kept file is crypto-shredded (the import's vault key is erased): what stays is
the import's events, counts and the registered candidates, each sealed with their own key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.pii import keyed_hash
from eventkit.store import ConcurrencyError, NewEvent
from kompeten_contracts.errors import not_found
from registration.candidates.domain import candidate
from registration.cohorts.application.cohort_import_view import CohortImports
from registration.cohorts.application.ports import (
    BatchEventStore,
    CohortRegistry,
    CommitLeases,
    RegistryRace,
    Reservation,
)
from registration.cohorts.application.prepare_cohort_import import as_row
from registration.cohorts.domain import cohort_import
from registration.cohorts.domain.cohort_row import CohortRow
from registration.identity.application import codes
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import (
    Candidates,
    ImportStreams,
    candidates,
    import_streams,
)

CHUNK_ROWS = 500
# A chunk of 500 rows commits in well under a second; a lease not renewed for a minute belongs
# to a commit that is gone.
LEASE = timedelta(seconds=60)


async def _nothing(_: int) -> None:
    return None


@dataclass
class CommitCohortImport:
    uow: UnitOfWork
    store: BatchEventStore
    vault: Any
    imports: CohortImports
    registry: CohortRegistry
    hash_secret: bytes
    leases: CommitLeases
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    chunk_rows: int = CHUNK_ROWS
    after_chunk: Callable[[int], Awaitable[None]] = _nothing  # tests interrupt a commit here
    streams: ImportStreams = field(init=False)
    candidates: Candidates = field(init=False)

    def __post_init__(self) -> None:
        self.streams, self.candidates = import_streams(self.store), candidates(self.store)

    async def __call__(self, import_id: UUID, by: UUID) -> cohort_import.CohortImport:
        loaded = await self.streams.load(import_id)
        state, version = loaded.state, loaded.version
        if state.prepared is None:
            raise not_found("import_id", "impor tidak ditemukan", "no such import")
        started = cohort_import.decide_start(state, by, self.clock())
        if not started:
            return state
        # The lease first: an import recorded running without one reads "interrupted", and an
        # operator's screen polling it would stop following a commit that is only starting.
        await self.leases.renew(import_id, by, self.clock() + LEASE)
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.streams.append(import_id, version, started, tx=tx)
        version += 1
        kept = (await self.imports.content(import_id))["rows"]
        rows = [(as_row(r), r) for r in kept if r["row"] not in state.rows_done]
        first = max(state.chunks_done, default=-1) + 1
        try:
            for start in range(0, len(rows), self.chunk_rows):
                n = first + start // self.chunk_rows
                chunk = rows[start : start + self.chunk_rows]
                version = await self._chunk(import_id, n, chunk, version)
                await self.leases.renew(import_id, by, self.clock() + LEASE)
                await self.after_chunk(n)
        except ConcurrencyError:
            raise  # another commit of this import is running: it finishes the job
        except Exception as exc:
            await self._fail(import_id, type(exc).__name__)
            await self.leases.release(import_id)
            raise
        # A process that dies (or is stopped: CancelledError) gets no further: its lease stays
        # and expires, and the import reads "interrupted" until a commit resumes it.
        loaded = await self.streams.load(import_id)
        state, version = loaded.state, loaded.version
        done = cohort_import.CohortImportCompleted(
            import_id=import_id,
            registered=state.registered,
            skipped=state.skipped,
            completed_at=self.clock(),
        )
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.streams.append(import_id, version, [done], tx=tx)
            # The kept file (NIKs, names, e-mails of the whole cohort) is needed no longer:
            # shredded with its key in the transaction that records the import done.
            await self.vault.erase(tx, import_id)
        await self.leases.release(import_id)
        return cohort_import.evolve(state, done)

    async def _fail(self, import_id: UUID, reason: str) -> None:
        version = (await self.streams.load(import_id)).version
        failed = cohort_import.CohortImportFailed(
            import_id=import_id, reason=reason, failed_at=self.clock()
        )
        async with refused_if_raced(), self.uow.transaction() as tx:
            await self.streams.append(import_id, version, [failed], tx=tx)

    async def _chunk(
        self, import_id: UUID, n: int, chunk: list[tuple[CohortRow, dict[str, Any]]], version: int
    ) -> int:
        for attempt in range(3):
            try:
                async with self.uow.transaction() as tx:
                    await self._register(tx, import_id, n, chunk, version)
                return version + 1
            except RegistryRace:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _register(
        self, tx: Any, import_id: UUID, n: int, chunk: list[tuple[CohortRow, dict[str, Any]]],
        version: int,
    ) -> None:  # fmt: skip
        secret, now = self.hash_secret, self.clock()
        nik = {row.row: keyed_hash(secret, row.nik) for row, _ in chunk}
        email = {row.row: codes.email_hash(secret, row.email) for row, _ in chunk}
        holders = await self.registry.holders(tx, list(nik.values()))
        taken = await self.registry.emails_taken(tx, list(email.values()))
        fresh, skipped = [], []
        for row, kept in chunk:
            if nik[row.row] in holders or email[row.row] in taken:
                field = "nik" if nik[row.row] in holders else "email"
                skipped.append({"row": row.row, "field": field})
            else:
                # Random, never derived from the import and the row: whoever holds the import
                # id and the spreadsheet must not be able to name the people on the topic. A
                # chunk commits whole (its event's stream version guards it), so a resumed
                # commit never registers a row twice.
                fresh.append((row, kept, uuid4()))
        await self.registry.reserve(tx, import_id, [
            Reservation(nik[r.row], email[r.row], cid, r.row, UUID(k["cooperative_id"]))
            for r, k, cid in fresh
        ])  # fmt: skip
        sealed = await self.vault.seal_many(tx, [(cid, _personal(r)) for r, _, cid in fresh])
        batches: list[tuple[str, int, list[NewEvent]]] = []
        for (row, kept, cid), personal in zip(fresh, sealed, strict=True):
            affiliation = candidate.Affiliation(cooperative_id=UUID(kept["cooperative_id"]),
                role=row.role, occupational_group=row.occupational_group)  # fmt: skip
            registered = candidate.CandidateRegistered(candidate_id=cid,
                district_code=kept["district_code"], nik_hash=nik[row.row], personal=personal,
                registered_at=now, affiliation=affiliation)  # fmt: skip
            batches.append(self.candidates.batch(cid, 0, [registered]))
        affiliations = [
            {"candidate_id": str(cid), "row": r.row, "cooperative_id": k["cooperative_id"],
             "district_code": k["district_code"], "role": r.role.value,
             "occupational_group": r.occupational_group.value}
            for r, k, cid in fresh
        ]  # fmt: skip
        chunk_event = cohort_import.CohortCandidatesRegistered(
            import_id=import_id, chunk=n, candidates=affiliations, skipped=skipped, at=now
        )
        batches.append(self.streams.batch(import_id, version, [chunk_event]))
        await self.store.append_many(batches, tx=tx)


def _personal(row: CohortRow) -> dict[str, str]:
    fields = {"nik": row.nik, "full_name": row.full_name, "email": row.email}
    return fields if row.phone is None else {**fields, "phone": row.phone}
