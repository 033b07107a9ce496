"""Every registration read model written a batch at a time holds exactly the rows that applying
the log one event at a time gives, on a log where one application is submitted, returned,
resubmitted and decided, a cooperative is registered twice and a scheme version drafted,
revised and published, all inside one batch."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from eventkit.projection import ProjectionRunner
from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore, create_pool
from eventkit.testing.infra import TEST_DATABASE, admin_connection
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
from registration.catalogue.domain.cooperative_terms import CooperativeKind
from registration.cohorts.domain import cohort_import
from registration.identity.domain.account import AccountOpened
from registration.rebuild import PROJECTIONS
from registration.seed import scheme_contents
from registration.shared.adapters.postgres import install
from registration.shared.application.events import REGISTRY

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ACTOR = uuid4()


@pytest.fixture
async def installed(schema: str) -> AsyncIterator[tuple[str, Any]]:
    admin = await admin_connection()
    try:
        await install(admin, schema)
    finally:
        await admin.close()
    pool = await create_pool(
        load_settings().admin_dsn(TEST_DATABASE), min_size=1, max_size=4,
        server_settings={"search_path": schema},
    )  # fmt: skip
    try:
        yield schema, pool
    finally:
        await pool.close()


def submitted(app: UUID, cid: UUID, number: int, district: str, coop: UUID) -> Any:
    return ApplicationSubmitted(
        application_id=app, candidate_id=cid, submission=number, submitted_at=T0,
        scheme_code="KOP-KASIR", scheme_version=1, purpose="certification", cooperative_id=coop,
        district_code=district, role="karyawan", occupational_group="kasir", evidence_ids=[],
        adjustment_needs=[], judgements=[], sealed={"v": 1},
    )  # fmt: skip


def accepted(app: UUID, cid: UUID, district: str, coop: UUID) -> Any:
    return ApplicationAccepted(application_id=app, candidate_id=cid, accepted_by=ACTOR,
        accepted_at=T0, scheme_code="KOP-KASIR", scheme_version=1, occupational_group="kasir",
        cooperative_id=coop, district_code=district, adjustment_needs=[])  # fmt: skip


async def a_log(store: PostgresEventStore) -> None:
    coops = [uuid4(), uuid4(), uuid4()]
    for n, coop in enumerate([*coops, coops[0]]):  # the last: the first id registered again
        event = cooperative.CooperativeRegistered(cooperative_id=coop, name=f"Koperasi {n}",
            kind=CooperativeKind.VILLAGE, legal_number=f"AHU-{n:04d}", district_code="5107",
            province_code="51", registered_by=ACTOR, registered_at=T0)  # fmt: skip
        await store.append(f"{cooperative.stream_id(coop)}-{n}", 0, [REGISTRY.to_new(event)])
    code, content = scheme_contents()[0]
    await store.append(s.stream_id(code), 0, [REGISTRY.to_new(e) for e in (
        s.SchemeVersionDrafted(scheme_code=code, actor=ACTOR, at=T0, version=1, content=content),
        s.SchemeDraftRevised(scheme_code=code, actor=ACTOR, at=T0 + timedelta(minutes=1),
                             version=1, content=content.model_copy(update={"title": "Kasir"})),
        s.SchemeVersionPublished(scheme_code=code, actor=ACTOR, at=T0 + timedelta(minutes=2),
                                 version=1, content=content.model_copy(update={"title": "Kasir"})),
        s.SchemeVersionDrafted(scheme_code=code, actor=ACTOR, at=T0, version=2, content=content,
                               based_on_version=1),
    )])  # fmt: skip
    import_id, people = uuid4(), [(uuid4(), ("5107", "5171")[i % 2], coops[i % 3])
                                  for i in range(9)]  # fmt: skip
    rows = [{"candidate_id": str(cid), "row": i + 2, "cooperative_id": str(coop),
             "district_code": district, "role": "pengurus", "occupational_group": "ketua"}
            for i, (cid, district, coop) in enumerate(people)]  # fmt: skip
    for cid, district, _ in people:
        registered = candidate.CandidateRegistered(candidate_id=cid, district_code=district,
            nik_hash=cid.hex, personal={}, registered_at=T0)  # fmt: skip
        await store.append(candidate.stream_id(cid), 0, [REGISTRY.to_new(registered)])
        opened = AccountOpened(account_id=cid, role=Role.CANDIDATE, personal={}, opened_by=None,
                               opened_at=T0)  # fmt: skip
        await store.append(f"account-{cid}", 0, [REGISTRY.to_new(opened)])  # not handled
    await store.append(cohort_import.stream_id(import_id), 0, [REGISTRY.to_new(e) for e in (
        cohort_import.CohortCandidatesRegistered(import_id=import_id, chunk=0,
                                                 candidates=rows[:5], skipped=[], at=T0),
        cohort_import.CohortCandidatesRegistered(import_id=import_id, chunk=1,
                                                 candidates=rows[5:], skipped=[], at=T0),
    )])  # fmt: skip
    for i, (cid, district, coop) in enumerate(people):
        app = uuid4()
        story: list[Any] = [
            ApplicationStarted(application_id=app, candidate_id=cid, started_at=T0),
            DraftSaved(application_id=app, sealed={}, fingerprint="f", saved_at=T0),
        ]
        if i % 4 != 3:  # one in four never submits
            story.append(submitted(app, cid, 1, district, coop))
        if i % 4 == 0:  # returned, moved to another cooperative, resubmitted, accepted
            story += [ApplicationReturned(application_id=app, returned_by=ACTOR,
                                          returned_at=T0, sealed={}),
                      submitted(app, cid, 2, "5171", coops[2]), accepted(app, cid, "5171",
                                                                          coops[2])]  # fmt: skip
        elif i % 4 == 1:
            story.append(ApplicationRejected(application_id=app, rejected_by=ACTOR,
                                             rejected_at=T0, sealed={}))  # fmt: skip
        await store.append(application.stream_id(app), 0, [REGISTRY.to_new(e) for e in story])


async def tables(pool: Any, schema: str, names: list[str]) -> dict[str, list[Any]]:
    found = {}
    for table in names:
        rows = await pool.fetch(f'SELECT * FROM "{schema}".{table}')
        found[table] = sorted((tuple(r) for r in rows), key=repr)
    return found


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
async def test_a_batch_leaves_the_rows_one_event_at_a_time_leaves(
    installed: tuple[str, Any], name: str
) -> None:
    schema, pool = installed
    store = PostgresEventStore(pool, schema)
    await a_log(store)
    projection = PROJECTIONS[name](schema)

    one_by_one = ProjectionRunner(pool, schema, store, projection, batch_size=1)
    assert await one_by_one.catch_up() > 0
    sequential = await tables(pool, schema, list(projection.tables))
    assert all(sequential.values()), sequential  # every table got rows from this log

    whole = ProjectionRunner(pool, schema, store, projection, replay_batch_size=1000)
    assert await whole.rebuild() == await store.last_position()  # one batch for the whole log
    assert await tables(pool, schema, list(projection.tables)) == sequential
