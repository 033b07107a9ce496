"""Make a batch's print file: each ready member's page, in print order, recorded in the log a
chunk at a time (the progress people read), then the one merged file stored with its hash in
the same transaction as the batch's PrintFileMerged. Rendering runs in a thread (CPU), the
appends on the loop. A worker that resumes a batch renders every page again (the file is only
kept whole) and the log counts each page once. The holder's name is read at render time and
never written to the log: a name erased since the request skips that page, with why."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from certificate.printing.application.ports import (
    CertificatePrint,
    CohortRecords,
    HolderNames,
    Holds,
    IssuedCertificate,
    Letterhead,
    PrintClaims,
    PrintFiles,
    PrintJobs,
    ReadNames,
    Renderer,
    UnitLine,
)
from certificate.printing.domain import print_batch as b
from certificate.printing.domain.print_profile import PrintProfileSet
from certificate.printing.domain.readiness import FINAL, Reason
from certificate.schemes.application.scheme_version_published import (
    PublishedSchemeVersion,
    SchemeVersions,
)
from certificate.shared.application.repositories import PrintBatches, PrintProfiles
from eventkit.uow import PostgresUnitOfWork

CHUNK = 16  # pages per progress event at least: a cohort of 151 moves in ~10 steps
STEPS = 20  # and at most this many steps: each one wakes the read models and the relay, whose
# work competes with the rendering thread for the interpreter (bench/README.md, arm issue)


def letterhead_of(profile: PrintProfileSet) -> Letterhead:
    return Letterhead(
        lsp_name=profile.lsp_name, licence=profile.licence, city=profile.city,
        signatory_name=profile.signatory_name, signatory_title=profile.signatory_title,
        preprinted=profile.preprinted,
    )  # fmt: skip


def page_of(
    issued: IssuedCertificate, name: str, scheme: PublishedSchemeVersion
) -> CertificatePrint:
    units = tuple(UnitLine(code, scheme.unit_title(code) or "") for code in issued.unit_codes)
    return CertificatePrint(
        certificate_id=issued.certificate_id, number=issued.number, holder_name=name,
        scheme_code=issued.scheme_code, scheme_version=issued.scheme_version,
        scheme_title=scheme.title, qualification_level=None, units=units,
        issued_on=issued.issued_on, valid_until=issued.valid_until,
        qr_payload=issued.qr_payload, check_code=issued.check_code,
        blanko_number=issued.blanko_number,
    )  # fmt: skip


@dataclass
class RenderBatch:
    batches: PrintBatches
    profiles: PrintProfiles
    records: CohortRecords
    names: HolderNames
    schemes: SchemeVersions
    renderer: Renderer
    files: PrintFiles
    jobs: PrintJobs
    uow: PostgresUnitOfWork
    clock: Callable[[], datetime]
    holds: Holds
    claims: PrintClaims

    async def __call__(self, batch_id: UUID) -> None:
        loaded = await self.batches.load(batch_id)
        state, version = loaded.state, loaded.version
        requested = state.requested
        if requested is None:
            return
        if state.merged is not None:
            async with self.uow.transaction() as tx:
                await self.jobs.done(tx, batch_id)
            return
        profile = (await self.profiles.load(requested.lsp_id)).state.current
        assert profile is not None  # a batch is requested only with a profile
        due = [m.certificate_id for m in state.due if m.certificate_id is not None]
        issued = {c.certificate_id: c for c in await self.records.issued(due)}
        schemes = await self.schemes.get_many({(c.scheme_code, c.scheme_version)
                                               for c in issued.values()})  # fmt: skip
        document = self.renderer.document(letterhead_of(profile), requested.calibration)
        document.expect([issued[c].qr_payload for c in due if c in issued])
        size = max(CHUNK, -(-len(due) // STEPS))
        chunks = [due[start : start + size] for start in range(0, len(due), size)]
        # Pipelined: while a chunk's pages are set (in a thread), the next chunk's names and
        # holds are read and the previous chunk's progress is recorded, so the rendering
        # thread never waits on the database.
        facts: asyncio.Future[tuple[ReadNames, dict[UUID, str]]] | None = None
        recording: asyncio.Future[None] | None = None
        try:
            if chunks:
                facts = asyncio.ensure_future(
                    self._facts(chunks[0], issued, requested.requested_by)
                )
            for n, chunk in enumerate(chunks):
                assert facts is not None
                names, stopped = await facts
                facts = None
                if n + 1 < len(chunks):
                    facts = asyncio.ensure_future(
                        self._facts(chunks[n + 1], issued, requested.requested_by)
                    )
                pages, skipped = _pages(chunk, issued, schemes, names, stopped)
                rendering = asyncio.ensure_future(asyncio.to_thread(document.add_all, pages))
                if recording is not None:
                    await recording
                    recording = None
                await rendering
                events = b.decide_render(state, tuple(p.certificate_id for p in pages),
                                         tuple(skipped), self.clock())  # fmt: skip
                # A page held for a reason that may pass is given back to the cohort: its
                # claim is released with the log's record of the skip, and the batch carries it
                # to the follow-up (print_batch.PrintBatch.carried).
                passing = [c for c, reason in skipped if reason not in FINAL]
                recording = asyncio.ensure_future(self._record(batch_id, version, events, passing))
                for event in events:
                    state = b.evolve(state, event)
                version += len(events)
            if recording is not None:
                await recording
                recording = None
        finally:
            for pending in (facts, recording):
                if pending is not None:
                    pending.cancel()
        pdf = await asyncio.to_thread(document.finish) if state.rendered else None
        sha = hashlib.sha256(pdf).hexdigest() if pdf else None
        merged = b.decide_merge(state, sha, len(pdf or b""), self.clock())
        async with self.uow.transaction() as tx:
            if pdf is not None and sha is not None:
                await self.files.store(tx, batch_id, pdf, sha)
            await self.batches.append(batch_id, version, merged, tx=tx)
            await self.jobs.done(tx, batch_id)

    async def _facts(
        self, chunk: list[UUID], issued: dict[UUID, IssuedCertificate], reader: UUID | None
    ) -> tuple[ReadNames, dict[UUID, str]]:
        """The chunk's holders' names (read now, never written) and the certificates of it
        suspended or withdrawn since the batch was requested (held now too)."""
        candidates = [issued[c].candidate_id for c in chunk if c in issued]
        names = await self.names.names_of(candidates, reader)
        return names, await self.holds.stopped(chunk)

    async def _record(
        self, batch_id: UUID, version: int, events: list[b.PrintBatchEvent], passing: list[UUID]
    ) -> None:
        async with self.uow.transaction() as tx:
            if passing:
                await self.claims.release(tx, batch_id, passing)
            await self.batches.append(batch_id, version, events, tx=tx)


def _pages(
    chunk: list[UUID], issued: dict[UUID, IssuedCertificate],
    schemes: dict[tuple[str, int], PublishedSchemeVersion], names: ReadNames,
    stopped: dict[UUID, str],
) -> tuple[list[CertificatePrint], list[tuple[UUID, Reason]]]:  # fmt: skip
    """The chunk's pages to print, and the members held with why."""
    pages, skipped = [], []
    for certificate_id in chunk:
        found = issued.get(certificate_id)
        name = names.get(found.candidate_id) if found else None
        scheme = schemes.get((found.scheme_code, found.scheme_version)) if found else None
        if certificate_id in stopped:
            skipped.append((certificate_id, Reason(stopped[certificate_id])))
        elif found is None or scheme is None:
            skipped.append((certificate_id, Reason.SCHEME_UNKNOWN))
        elif name is None:
            erased = found.candidate_id in names.erased
            skipped.append((certificate_id, Reason.ERASED if erased else Reason.NAME_MISSING))
        else:
            pages.append(page_of(found, name, scheme))
    return pages, skipped
