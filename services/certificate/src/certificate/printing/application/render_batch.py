"""Make a batch's print file: each ready member's page, in print order, recorded in the log a
chunk at a time (the progress people read), then the one merged file stored with its hash in
the same transaction as the batch's PrintFileMerged. Each chunk is rendered as a part (its own
file) by the renderer, a few side by side (its page processes, each asked from a thread), and
the parts are merged in order at the end; the appends run on the loop. A worker that resumes
a batch renders every page again (the file is only kept whole) and the log counts each page
once. The holder's name is read at render time and never written to the log: a name erased
since the request skips that page, with why."""

from __future__ import annotations

import asyncio
import hashlib
from collections import deque
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

CHUNK = 16  # pages per part (and progress event) at least: a cohort of 151 in ~10 steps
STEPS = 20  # and at most this many: each step wakes the read models and the relay
IN_FLIGHT = 3  # parts rendering at once: the renderer's page processes, and one waiting


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
        letterhead, calibration = letterhead_of(profile), requested.calibration
        size = max(CHUNK, -(-len(due) // STEPS))
        chunks = [due[start : start + size] for start in range(0, len(due), size)]
        # Pipelined: up to IN_FLIGHT parts render at once (the renderer's page processes);
        # meanwhile the next chunk's names and holds are read and the oldest part's progress
        # is recorded, in print order.
        parts: list[bytes] = []
        facts: asyncio.Future[tuple[ReadNames, dict[UUID, str]]] | None = None
        rendering: deque[Rendering] = deque()
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
                part = asyncio.ensure_future(
                    asyncio.to_thread(self.renderer.part, letterhead, calibration, pages)
                ) if pages else None  # fmt: skip
                rendering.append(Rendering(pages, skipped, part))
                if len(rendering) >= IN_FLIGHT:
                    state, version = await self._rendered(batch_id, state, version,
                                                          rendering.popleft(), parts)  # fmt: skip
            while rendering:
                state, version = await self._rendered(batch_id, state, version,
                                                      rendering.popleft(), parts)  # fmt: skip
        finally:
            for pending in (facts, *(r.part for r in rendering)):
                if pending is not None:
                    pending.cancel()
        pdf = await asyncio.to_thread(self.renderer.merged, parts) if parts else None
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

    async def _rendered(
        self, batch_id: UUID, state: b.PrintBatch, version: int, done: Rendering,
        parts: list[bytes],
    ) -> tuple[b.PrintBatch, int]:  # fmt: skip
        """A part rendered: kept for the merge, and its pages and the members held recorded
        as the batch's progress. A page held for a reason that may pass is given back to the
        cohort: its claim is released with the log's record of the skip, and the batch
        carries it to the follow-up (print_batch.PrintBatch.carried)."""
        if done.part is not None:
            parts.append(await done.part)
        events = b.decide_render(state, tuple(p.certificate_id for p in done.pages),
                                 tuple(done.skipped), self.clock())  # fmt: skip
        passing = [c for c, reason in done.skipped if reason not in FINAL]
        async with self.uow.transaction() as tx:
            if passing:
                await self.claims.release(tx, batch_id, passing)
            await self.batches.append(batch_id, version, events, tx=tx)
        for event in events:
            state = b.evolve(state, event)
        return state, version + len(events)


@dataclass(frozen=True)
class Rendering:
    """A chunk on its way: its pages (their part rendering, None when none is printed) and
    the members held."""

    pages: list[CertificatePrint]
    skipped: list[tuple[UUID, Reason]]
    part: asyncio.Future[bytes] | None


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
