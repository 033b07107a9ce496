"""The operators' progress through the real API on PostgreSQL and Kafka, as a person counting the
hall would find it. A cashier session of four: one writes every answer (K), one writes nothing
but was late at the door (BK, then appeals), one sits the practical only (present), one is
absent; a treasurer session is cancelled. Per session, district and scheme: scheduled, sat,
finalised, K, BK, appealed. The LSP's staff see their LSP's, another LSP's nothing; a district
operator sees their district's. A rebuild of the read model from the log, in one batch or one
event at a time, gives the same rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import (
    Clock,
    accepted,
    cashier_bank,
    keyed,
    phone,
    planned,
    recommended,
    session_body,
    sit,
)

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.progress.adapters.progress_view import ProgressProjection
from eventkit.projection import ProjectionRunner
from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore, create_pool
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
NOTHING = {"scheduled": 0, "sat": 0, "finalised": 0, "recommended_k": 0, "recommended_bk": 0,
           "appealed": 0}  # fmt: skip
KASIR = {"scheduled": 4, "sat": 3, "finalised": 4, "recommended_k": 1, "recommended_bk": 1,
         "appealed": 1}  # fmt: skip


@dataclass
class Hall:
    api: httpx.AsyncClient
    clock: Clock
    service: AssessmentService
    schema: str
    admin: dict[str, str]
    keys: ScratchKeyStore


@pytest.fixture
async def hall() -> AsyncIterator[Hall]:
    clock = Clock(DAY)
    async with fresh_schema("progress") as schema, fresh_key_store() as keys:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.registration.events"),
            topic=unique_topic("kompeten.assessment.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", clock=clock, key_store=keys.location,
        )  # fmt: skip
        await service.start()
        try:
            await cashier_bank(service, LSP)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                admin = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=LSP)
                yield Hall(api, clock, service, schema, admin, keys)
        finally:
            await service.stop()


Scheduled = tuple[str, UUID, list[Any]]  # the session, its assessor, the assignments


async def scheduled(hall: Hall, scheme_code: str, applications: list[UUID]) -> Scheduled:
    assessor = await licensed_assessor(hall.api, hall.admin, uuid4(), STARTS.date(), scheme_code)
    site = await verified_site(hall.api, hall.admin, STARTS.date(), scheme_code)
    body = {**session_body(site, assessor, STARTS), "scheme_code": scheme_code}
    made = await hall.api.post("/sessions", json=body, headers=hall.admin)
    assert made.status_code == 201, made.text
    session_id = made.json()["session_id"]
    ids = {"application_ids": [str(a) for a in applications]}
    assigned = await hall.api.post(f"/sessions/{session_id}/assignments", json=ids,
                                   headers=hall.admin)  # fmt: skip
    assert assigned.status_code == 200, assigned.text
    return session_id, assessor, assigned.json()


def attendance(assessor: UUID, candidate: UUID, seq: int, presence: str) -> dict[str, Any]:
    return {"record_id": str(uuid4()), "device_id": "tablet-1", "assessor_id": str(assessor),
            "seq": seq, "candidate_id": str(candidate), "kind": "attendance",
            "presence": presence, "identity_checked": presence != "absent"}  # fmt: skip


async def numbers(api: httpx.AsyncClient, path: str, headers: dict[str, str]) -> Any:
    response = await api.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_progress_counts_what_happened_in_the_hall_and_a_rebuild_agrees(
    hall: Hall,
) -> None:
    writer, silent, practical, absent = await accepted(hall.service, LSP, 4, DAY)
    await keyed(hall.keys, [silent.candidate_id])  # the appellant: their grounds are sealed
    people = [writer, silent, practical, absent]
    session_id, assessor_id, assigned = await scheduled(
        hall, "KOP-KASIR", [a.application_id for a in people]
    )
    attempt = {UUID(a["candidate_id"]): a["attempt_id"] for a in assigned}
    treasurer = AcceptedApplication(uuid4(), uuid4(), "KOP-BENDAHARA", 1, "bendahara", uuid4(),
                                    "5107", [], DAY, LSP)  # fmt: skip
    async with hall.service.pool.acquire() as conn, conn.transaction():
        await hall.service.accepted().add(conn, treasurer)
    called_off, _, _ = await scheduled(hall, "KOP-BENDAHARA", [treasurer.application_id])
    cancelled = await hall.api.post(f"/sessions/{called_off}/cancel", headers=hall.admin,
                                    json={"reason": "force_majeure"})  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text

    hall.clock.now = STARTS - timedelta(minutes=5)
    assessor = bearer_headers(Role.ASSESSOR, account_id=assessor_id, lsp_id=LSP)
    door = [attendance(assessor_id, silent.candidate_id, 1, "late"),
            attendance(assessor_id, practical.candidate_id, 2, "present"),
            attendance(assessor_id, absent.candidate_id, 3, "absent")]  # fmt: skip
    captured = await hall.api.post(f"/sessions/{session_id}/capture", headers=assessor,
                                   json={"records": door})  # fmt: skip
    assert captured.status_code == 200, captured.text
    await planned(hall.api, session_id, assessor)
    started = await hall.api.post(f"/sessions/{session_id}/start", headers=assessor)
    assert started.status_code == 200, started.text
    await sit(hall.service, hall.api, attempt[writer.candidate_id], writer.candidate_id, True)
    await sit(hall.service, hall.api, attempt[silent.candidate_id], silent.candidate_id, False)
    k = await recommended(hall.api, attempt[writer.candidate_id], "K", assessor, hall.admin)
    bk = await recommended(hall.api, attempt[silent.candidate_id], "K", assessor, hall.admin)
    assert (k["overall"], bk["overall"]) == ("K", "BK")
    hall.clock.now = STARTS + timedelta(days=3)
    grounds = "Jaringan di aula terputus sehingga jawaban saya tidak terkirim."
    appeal = {"attempt_id": attempt[silent.candidate_id], "client_id": str(uuid4()),
              "grounds": grounds}  # fmt: skip
    lodged = await hall.api.post("/appeals", json=appeal, headers=phone(silent.candidate_id))
    assert lodged.status_code == 201, lodged.text

    session_path = f"/progress/sessions/{session_id}"

    async def counted() -> dict[str, Any] | None:
        found: dict[str, Any] = await numbers(hall.api, session_path, hall.admin)
        return found if (found["appealed"], found["finalised"]) == (1, 4) else None

    # Three days on, the finaliser has scored the two attempts no phone finished too.
    assert await wait_until(counted, timeout=20, what="the appeal and scores counted") == {
        "session_id": session_id, "scheme_code": "KOP-KASIR", "district_code": "5107",
        "cancelled": False, **KASIR,
    }  # fmt: skip
    off = await numbers(hall.api, f"/progress/sessions/{called_off}", hall.admin)
    assert off == {"session_id": called_off, "scheme_code": "KOP-BENDAHARA",
                   "district_code": "5107", "cancelled": True, **NOTHING}  # fmt: skip
    districts = [{"district_code": "5107", **KASIR}]
    schemes = [{"scheme_code": "KOP-BENDAHARA", **NOTHING}, {"scheme_code": "KOP-KASIR", **KASIR}]
    operator = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
    for who in (hall.admin, bearer_headers(Role.DECISION_MAKER, lsp_id=LSP), operator):
        assert await numbers(hall.api, "/progress/districts", who) == districts
        assert await numbers(hall.api, "/progress/districts/5107/schemes", who) == schemes
        assert (await numbers(hall.api, session_path, who))["sat"] == 3

    other_lsp = bearer_headers(Role.LSP_ADMIN, lsp_id=uuid4())
    assert await numbers(hall.api, "/progress/districts", other_lsp) == []
    assert await numbers(hall.api, "/progress/districts/5107/schemes", other_lsp) == []
    elsewhere = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5171",))
    assert await numbers(hall.api, "/progress/districts", elsewhere) == []
    for who, status in ((other_lsp, 404), (elsewhere, 404)):
        hidden = await hall.api.get(session_path, headers=who)
        assert hidden.status_code == status and hidden.json()["errors"][0]["field"] == "session_id"
    foreign = await hall.api.get("/progress/districts/5107/schemes", headers=elsewhere)
    assert foreign.status_code == 403 and foreign.json()["errors"][0]["field"] == "code"

    live = await rows(hall)
    for batch in (1000, 1):
        await rebuilt(hall, batch)
        assert await rows(hall) == live
        assert await numbers(hall.api, session_path, hall.admin) == {
            "session_id": session_id, "scheme_code": "KOP-KASIR", "district_code": "5107",
            "cancelled": False, **KASIR,
        }  # fmt: skip
        assert await numbers(hall.api, "/progress/districts/5107/schemes", operator) == schemes


async def rows(hall: Hall) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    for table in ProgressProjection.tables:
        fetched = await hall.service.pool.fetch(f'SELECT * FROM "{hall.schema}".{table}')
        found[table] = sorted((tuple(r) for r in fetched), key=repr)
    return found


async def rebuilt(hall: Hall, batch: int) -> None:
    """The read model replayed from the log into fresh tables, swapped in, as its owner."""
    pool = await create_pool(load_settings().admin_dsn(TEST_DATABASE),
                             server_settings={"search_path": hall.schema})  # fmt: skip
    try:
        store = PostgresEventStore(pool, hall.schema)
        runner = ProjectionRunner(pool, hall.schema, store, ProgressProjection(hall.schema),
                                  replay_batch_size=batch)  # fmt: skip
        assert await runner.rebuild() == await store.last_position()
    finally:
        await pool.close()
