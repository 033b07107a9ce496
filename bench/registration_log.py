"""A realistic registration log for the rebuild arm, appended straight to the event store.

Every event is one of registration's own models, encoded by its registry (`REGISTRY.to_new`),
so the rows have exactly the names, versions and data shapes the service writes. The history
is the journey of `candidates` cooperative staff, in the waves a district goes through:

1. the catalogue: `DISTRICTS` x 40 cooperatives registered, 7 schemes drafted and published;
2. cohort imports: per district one import, 500 candidates a chunk (each candidate its own
   `CandidateRegistered` stream, each chunk a `CohortCandidatesRegistered` on the import);
3. sign-up: each candidate's account opened, code issued and accepted, linked (4 events);
4. an application started and two drafts saved;
5. the submission (APL-01 + APL-02: ~8 judgements, sealed personal parts: ~2 kB of JSON);
6. decisions: 70% accepted, 20% returned, 10% rejected; the returned ones resubmitted and
   accepted.

About 10.4 events per candidate, of which ~3.4 are of the progress view's types.
"""

from __future__ import annotations

import base64
import os
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventkit.store import NewEvent, PostgresEventStore
from kompeten_contracts.roles import Role
from registration.applications.domain import application
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationRejected,
    ApplicationReturned,
    ApplicationStarted,
    ApplicationSubmitted,
    DraftSaved,
)
from registration.candidates.domain import candidate
from registration.catalogue.domain import cooperative
from registration.catalogue.domain import scheme as s
from registration.catalogue.domain.cooperative_terms import CooperativeKind, CooperativeRole
from registration.cohorts.domain import cohort_import
from registration.identity.domain import account
from registration.seed import scheme_contents
from registration.shared.application.events import REGISTRY

DISTRICTS = ("5101", "5102", "5103", "5104", "5105", "5106", "5107", "5108", "5171")
COOPERATIVES_PER_DISTRICT = 40
CHUNK = 500
APPEND_EVENTS = 2000  # events per append_many call while filling
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
NAMESPACE = UUID("8a3c1f52-6d0e-4b7a-9f21-3e5d7c9b1a40")


def _sealed(subject: UUID, size: int) -> dict[str, Any]:
    """The shape of a vault blob (eventkit.pii), random bytes of about the real size."""
    return {"v": 1, "subject": str(subject), "nonce": base64.b64encode(os.urandom(12)).decode(),
            "ciphertext": base64.b64encode(os.urandom(size)).decode()}  # fmt: skip


class Log:
    """Appends in large append_many calls, keeping each stream's version."""

    def __init__(self, store: PostgresEventStore) -> None:
        self.store = store
        self.versions: Counter[str] = Counter()
        self.pending: list[tuple[str, int, list[NewEvent]]] = []
        self.count = 0
        self.types: Counter[str] = Counter()

    async def add(self, stream: str, *events: Any) -> None:
        new = [REGISTRY.to_new(e) for e in events]
        self.pending.append((stream, self.versions[stream], new))
        self.versions[stream] += len(new)
        self.types.update(n.event_type for n in new)
        if sum(len(b[2]) for b in self.pending) >= APPEND_EVENTS:
            await self.flush()

    async def flush(self) -> None:
        if self.pending:
            await self.store.append_many(self.pending)
            self.count += sum(len(b[2]) for b in self.pending)
            self.pending = []


async def fill(store: PostgresEventStore, candidates: int) -> Log:
    log = Log(store)
    actor, at = uuid4(), T0
    places: list[tuple[str, UUID]] = []
    for d, district in enumerate(DISTRICTS):
        for n in range(COOPERATIVES_PER_DISTRICT):
            coop = uuid5(NAMESPACE, f"{district}-{n}")
            places.append((district, coop))
            await log.add(cooperative.stream_id(coop), cooperative.CooperativeRegistered(
                cooperative_id=coop, name=f"Koperasi Bench {district}-{n}",
                kind=list(CooperativeKind)[n % len(CooperativeKind)],
                legal_number=f"AHU-{d:02d}{n:04d}.AH.01.26", district_code=district,
                province_code=district[:2], registered_by=actor, registered_at=at))  # fmt: skip
    schemes = scheme_contents()
    for code, content in schemes:
        await log.add(
            s.stream_id(code),
            s.SchemeVersionDrafted(scheme_code=code, actor=actor, at=at, version=1,
                                   content=content),
            s.SchemeVersionPublished(scheme_code=code, actor=actor, at=at, version=1,
                                     content=content),
        )  # fmt: skip

    people = [(uuid4(), places[i % len(places)]) for i in range(candidates)]
    by_district: dict[str, list[tuple[UUID, tuple[str, UUID]]]] = {}
    for person in people:
        by_district.setdefault(person[1][0], []).append(person)
    for district, cohort in by_district.items():
        import_id = uuid4()
        stream = cohort_import.stream_id(import_id)
        await log.add(stream, cohort_import.CohortImportPrepared(
            import_id=import_id, operator_id=actor, content_hash="h", file_kind="csv",
            total_rows=len(cohort), valid_rows=len(cohort), invalid_rows=0, prepared_at=at),
            cohort_import.CohortImportStarted(import_id=import_id, started_by=actor,
                                              started_at=at))  # fmt: skip
        for c in range(0, len(cohort), CHUNK):
            rows = []
            for row, (cid, (_, coop)) in enumerate(cohort[c : c + CHUNK], start=c + 2):
                group = ("kasir", "bendahara", "juru_tulis", "ketua", "pengawas")[row % 5]
                role = CooperativeRole("karyawan" if group == "kasir" else "pengurus")
                await log.add(candidate.stream_id(cid), candidate.CandidateRegistered(
                    candidate_id=cid, district_code=district, nik_hash=os.urandom(32).hex(),
                    personal=_sealed(cid, 120), registered_at=at,
                    affiliation=candidate.Affiliation(cooperative_id=coop, role=role,
                                                      occupational_group=group)))  # fmt: skip
                rows.append({"candidate_id": str(cid), "row": row,
                             "cooperative_id": str(coop), "district_code": district,
                             "role": role.value, "occupational_group": group})  # fmt: skip
            await log.add(
                stream,
                cohort_import.CohortCandidatesRegistered(
                    import_id=import_id, chunk=c // CHUNK, candidates=rows, skipped=[], at=at
                ),
            )
        await log.add(
            stream,
            cohort_import.CohortImportCompleted(
                import_id=import_id, registered=len(cohort), skipped=0, completed_at=at
            ),
        )

    accounts = {cid: uuid4() for cid, _ in people}
    for cid, _ in people:
        aid, at = accounts[cid], at + timedelta(milliseconds=50)
        await log.add(
            account.stream_id(aid),
            account.AccountOpened(account_id=aid, role=Role.CANDIDATE,
                                  personal=_sealed(aid, 60), opened_by=None, opened_at=at),
            account.VerificationCodeIssued(account_id=aid, code_hash=os.urandom(32).hex(),
                                           issued_at=at, expires_at=at + timedelta(minutes=10)),
            account.VerificationCodeAccepted(account_id=aid, accepted_at=at),
            account.AccountLinkedToCandidate(account_id=aid, candidate_id=cid, linked_at=at),
        )  # fmt: skip

    applications = {cid: uuid4() for cid, _ in people}
    for cid, _ in people:
        app, at = applications[cid], at + timedelta(milliseconds=50)
        await log.add(
            application.stream_id(app),
            ApplicationStarted(application_id=app, candidate_id=cid, started_at=at),
            *[DraftSaved(application_id=app, sealed=_sealed(cid, 600), fingerprint=f"f{n}",
                         saved_at=at) for n in range(2)],
        )  # fmt: skip

    code, content = schemes[0]
    elements = [(u.code, e.code) for u in content.units for e in u.elements]

    def submission(cid: UUID, place: tuple[str, UUID], number: int) -> ApplicationSubmitted:
        evidence = [uuid4() for _ in range(2)]
        return ApplicationSubmitted(
            application_id=applications[cid], candidate_id=cid, submission=number,
            submitted_at=at, scheme_code=code, scheme_version=1, purpose="certification",
            cooperative_id=place[1], district_code=place[0], role="karyawan",
            occupational_group="kasir", evidence_ids=evidence, adjustment_needs=[],
            judgements=[{"unit_code": u, "element_code": e, "judgement": "K",
                         "evidence_ids": [str(evidence[i % 2])]}
                        for i, (u, e) in enumerate(elements)],
            sealed=_sealed(cid, 900),
        )  # fmt: skip

    for cid, place in people:
        at += timedelta(milliseconds=50)
        await log.add(application.stream_id(applications[cid]), submission(cid, place, 1))
    returned = []
    for i, (cid, place) in enumerate(people):
        app, at = applications[cid], at + timedelta(milliseconds=50)
        if i % 10 < 7:
            decision: Any = accepted(app, cid, place, at, actor, code)
        elif i % 10 < 9:
            decision = ApplicationReturned(
                application_id=app, returned_by=actor, returned_at=at, sealed=_sealed(cid, 200)
            )
            returned.append((cid, place))
        else:
            decision = ApplicationRejected(
                application_id=app, rejected_by=actor, rejected_at=at, sealed=_sealed(cid, 100)
            )
        await log.add(application.stream_id(app), decision)
    for cid, place in returned:
        app, at = applications[cid], at + timedelta(milliseconds=50)
        await log.add(application.stream_id(app), submission(cid, place, 2))
    for cid, place in returned:
        app, at = applications[cid], at + timedelta(milliseconds=50)
        await log.add(application.stream_id(app), accepted(app, cid, place, at, actor, code))
    await log.flush()
    return log


def accepted(
    app: UUID, cid: UUID, place: tuple[str, UUID], at: datetime, actor: UUID, code: str
) -> ApplicationAccepted:
    return ApplicationAccepted(application_id=app, candidate_id=cid, accepted_by=actor,
        accepted_at=at, scheme_code=code, scheme_version=1, occupational_group="kasir",
        cooperative_id=place[1], district_code=place[0], adjustment_needs=[])  # fmt: skip


def counted(log: Log, types: Sequence[str] | frozenset[str]) -> int:
    return sum(log.types[t] for t in types)
