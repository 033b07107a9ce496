"""Request a print batch: look at every member of the scope (a session's, or a selection of
certificates), say who is ready, who was printed before and who is missing and why, claim the
ready ones' first print (a certificate printed by another batch is not printed twice unless a
reprint is asked), record the batch and queue its pages for the worker, in one transaction.
The same handler opens a follow-up batch for a batch whose carried members became ready."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from certificate.printing.application.ports import (
    CohortRecord,
    CohortRecords,
    HolderNames,
    Holds,
    PrintClaims,
    PrintJobs,
    ReadNames,
)
from certificate.printing.domain import print_batch as b
from certificate.printing.domain.readiness import (
    Member,
    MemberFacts,
    Status,
    member,
    missing_reason,
)
from certificate.schemes.application.scheme_version_published import SchemeVersions
from certificate.shared.application.repositories import PrintBatches, PrintProfiles
from certificate.shared.domain.outcomes import Outcome
from eventkit.conflicts import Race, on_fresh_state
from eventkit.uow import PostgresUnitOfWork
from kompeten_contracts.errors import conflict, not_found

BATCH_IDS = uuid5(NAMESPACE_URL, "https://kompeten.id/certificate/print-batches")
RACE = Race("client_id", "batch cetak sedang dicatat bersamaan; coba lagi",
            "the print batch changed concurrently; please try again")  # fmt: skip


def batch_id_of(lsp_id: UUID | None, client_id: UUID | None) -> UUID:
    """A client's id names its batch, so a request sent again is the same batch."""
    return uuid5(BATCH_IDS, f"{lsp_id}:{client_id}") if client_id else uuid4()


def follow_up_id_of(batch_id: UUID) -> UUID:
    return uuid5(BATCH_IDS, f"follow-up:{batch_id}")


@dataclass
class CohortFacts:
    """Gathers what certification knows of each member of a scope."""

    records: CohortRecords
    names: HolderNames
    holds: Holds
    claims: PrintClaims
    schemes: SchemeVersions

    async def of(
        self, lsp_id: UUID | None, scope: b.Scope, by: UUID | None = None, reprint: bool = False
    ) -> list[MemberFacts]:
        """`by`: who asks. A name is opened (and its reading recorded) only for a member it is
        the last question for: nothing else holds them and they are to be printed now (not
        printed before, or a reprint). So the worker's look for follow-ups every few seconds
        opens no one's name again until that member may print."""
        if scope.session_id is not None:
            found = await self.records.of_session(lsp_id, scope.session_id)
        else:
            found = await self.records.of_certificates(lsp_id, scope.certificate_ids)
            known = {r.certificate_id for r in found}
            if unknown := [c for c in scope.certificate_ids if c not in known]:
                raise not_found("certificate_ids", f"sertifikat tidak ditemukan: {unknown[0]}",
                                f"no such certificate: {unknown[0]}")  # fmt: skip
        by_candidate = {r.candidate_id: r for r in found}
        candidates = [*by_candidate, *(c for c in scope.expected_candidates
                                       if c not in by_candidate)]  # fmt: skip
        certificates = [r.certificate_id for r in found if r.certificate_id]
        appeals = await self.holds.appeals_open([r.attempt_id for r in found])
        agreements = await self.holds.agreements_signed(certificates)
        stopped = await self.holds.stopped(certificates)
        printed = await self.claims.first_printed_in(certificates)
        schemes = await self.schemes.get_many({(r.scheme_code, r.scheme_version) for r in found})
        facts = []
        for candidate in candidates:
            record = by_candidate.get(candidate)
            if record is None:
                facts.append(MemberFacts(candidate_id=candidate))
                continue
            scheme_known = (record.scheme_code, record.scheme_version) in schemes
            facts.append(_facts(record, record.attempt_id in appeals, agreements, printed,
                                scheme_known, stopped))  # fmt: skip
        return await self._named(facts, by, reprint)

    async def _named(
        self, facts: list[MemberFacts], by: UUID | None, reprint: bool
    ) -> list[MemberFacts]:
        asked = {f.candidate_id for f in facts if f.attempt_id is not None
                 and missing_reason(f) is None and (f.printed_in is None or reprint)}  # fmt: skip
        names = await self.names.names_of(sorted(asked), by) if asked else ReadNames()
        return [f.model_copy(update={"name_readable": f.candidate_id in names,
                                     "name_erased": f.candidate_id in names.erased})
                if f.candidate_id in asked else f for f in facts]  # fmt: skip


def _facts(record: CohortRecord, appeal: bool, agreements: dict[UUID, bool],
           printed: dict[UUID, UUID], scheme_known: bool,
           stopped: dict[UUID, str]) -> MemberFacts:  # fmt: skip
    """The facts of a member as if their name were readable: the name is asked last."""
    certificate = record.certificate_id
    return MemberFacts(
        candidate_id=record.candidate_id, attempt_id=record.attempt_id,
        decision=Outcome(record.decision) if record.decision else None,
        certificate_id=certificate, number=record.number, appeal_open=appeal,
        suspended=stopped.get(certificate) == "suspended" if certificate else False,
        withdrawn=stopped.get(certificate) == "withdrawn" if certificate else False,
        agreement_signed=agreements.get(certificate) if certificate else None,
        scheme_known=scheme_known, name_readable=True,
        printed_in=printed.get(certificate) if certificate else None,
    )  # fmt: skip


def ordered(members: list[Member]) -> tuple[Member, ...]:
    """The print order: by certificate number; the others after, by candidate."""
    return tuple(sorted(members, key=lambda m: (m.number is None, m.number or "",
                                                str(m.candidate_id))))  # fmt: skip


@dataclass
class RequestPrintBatch:
    facts: CohortFacts
    batches: PrintBatches
    profiles: PrintProfiles
    claims: PrintClaims
    jobs: PrintJobs
    uow: PostgresUnitOfWork
    clock: Callable[[], datetime]
    nudge: Callable[[], None] = lambda: None  # wakes the worker once the batch is committed

    async def __call__(
        self, lsp_id: UUID | None, scope: b.Scope, *, by: UUID | None, reprint: bool = False,
        reason: str | None = None, client_id: UUID | None = None,
        follow_up_of: UUID | None = None,
    ) -> UUID:  # fmt: skip
        batch_id = follow_up_id_of(follow_up_of) if follow_up_of else batch_id_of(lsp_id, client_id)

        async def attempt() -> UUID:
            profile = (await self.profiles.load(lsp_id)).state.current
            if profile is None:
                raise conflict("print_profile", "atur profil cetak LSP terlebih dahulu",
                               "set the LSP's print profile first")  # fmt: skip
            members = [member(f, reprint) for f in await self.facts.of(lsp_id, scope, by, reprint)]
            async with self.uow.transaction() as tx:
                loaded = await self.batches.load(batch_id)
                if loaded.state.requested is None and not reprint:
                    ready = [m.certificate_id for m in members if m.status is Status.READY]
                    taken = await self.claims.claim(tx, batch_id, [c for c in ready if c])
                    members = [_taken(m, taken) for m in members]
                command = b.RequestBatch(
                    batch_id=batch_id, lsp_id=lsp_id, scope=scope, reprint=reprint,
                    reason=reason, follow_up_of=follow_up_of, requested_by=by,
                    calibration=profile.calibration, members=ordered(members), at=self.clock(),
                )  # fmt: skip
                events = b.decide_request(loaded.state, command)
                await self.batches.append(batch_id, loaded.version, events, actor=by, tx=tx)
                if events:
                    await self.jobs.add(tx, batch_id)
                if follow_up_of is not None and events:
                    original = await self.batches.load(follow_up_of)
                    opened = b.decide_follow_up(original.state, batch_id, self.clock())
                    await self.batches.append(follow_up_of, original.version, opened, tx=tx)
            self.nudge()
            return batch_id

        return await on_fresh_state(attempt, RACE)


def _taken(found: Member, taken: dict[UUID, UUID]) -> Member:
    if found.certificate_id is None or found.certificate_id not in taken:
        return found
    return found.model_copy(update={"status": Status.PRINTED_BEFORE,
                                    "printed_in": taken[found.certificate_id]})  # fmt: skip
