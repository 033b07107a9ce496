"""Appeals and re-assessment through the real API on PostgreSQL and Kafka: two candidates sit a
cashier session, one is recommended BK (wrote nothing), the other K. The BK candidate appeals
(once: a retry is the same appeal, a second is refused while it is open); the other cannot
appeal their attempt; the admin cannot route it to the attempt's assessor nor to the candidate's
trainer (each refused naming reviewer_id with the reason); an independent decision maker
upholds it, with reasons sealed under the candidate's key (read by the candidate and the admin,
ciphertext in the log). In a new session the BK candidate is assigned as attempt 2 while the K
candidate is refused; the first attempt's recommendation stays. Once the candidate is erased,
the grounds and the reasons read as erased. The clock is the test's."""

from __future__ import annotations

import json
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
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.kafka import all_records
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
GROUNDS = "Jaringan di aula terputus 20 menit sehingga jawaban saya tidak terkirim."
REASONS = "Catatan pengawas membenarkan gangguan jaringan; asesi diuji ulang."


@dataclass
class Hall:
    api: httpx.AsyncClient
    clock: Clock
    service: AssessmentService
    admin: dict[str, str]
    assessor_id: UUID
    site_id: UUID
    keys: ScratchKeyStore

    def staff(self, role: Role, account_id: UUID | None = None) -> dict[str, str]:
        return bearer_headers(role, account_id=account_id or uuid4(), lsp_id=LSP)


@pytest.fixture
async def hall() -> AsyncIterator[Hall]:
    clock = Clock(DAY)
    async with fresh_schema("appeal") as schema, fresh_key_store() as keys:
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
                assessor = await licensed_assessor(api, admin, uuid4(), STARTS.date())
                site_id = await verified_site(api, admin, STARTS.date())
                yield Hall(api, clock, service, admin, assessor, site_id, keys)
        finally:
            await service.stop()


async def schedule(hall: Hall, assessor: UUID, starts: datetime) -> str:
    body = session_body(hall.site_id, assessor, starts)
    made = await hall.api.post("/sessions", json=body, headers=hall.admin)
    assert made.status_code == 201, made.text
    session_id: str = made.json()["session_id"]
    return session_id


async def assign(hall: Hall, session_id: str, application_ids: list[UUID]) -> httpx.Response:
    body = {"application_ids": [str(a) for a in application_ids]}
    return await hall.api.post(f"/sessions/{session_id}/assignments", json=body,
                               headers=hall.admin)  # fmt: skip


def errors(response: httpx.Response, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.text
    found: list[dict[str, Any]] = response.json()["errors"]
    assert all(e["reason"] and e["reason_en"] for e in found)
    return found


async def test_an_upheld_appeal_on_a_bk_leads_to_a_second_attempt_and_the_first_stays(
    hall: Hall,
) -> None:
    appellant, achiever = await accepted(hall.service, LSP, 2, DAY)
    await keyed(hall.keys, [appellant.candidate_id, achiever.candidate_id])
    trainer = await licensed_assessor(hall.api, hall.admin, uuid4(), STARTS.date())
    await hall.service.assessors().commands.record_training(
        trainer, [appellant.candidate_id], uuid4(), LSP
    )
    ids = [appellant.application_id, achiever.application_id]
    session_id = await schedule(hall, hall.assessor_id, STARTS)
    assigned = await assign(hall, session_id, ids)
    assert assigned.status_code == 200, assigned.text
    attempt = {UUID(a["candidate_id"]): a["attempt_id"] for a in assigned.json()}
    assert [a["attempt_no"] for a in assigned.json()] == [1, 1]
    hall.clock.now = STARTS - timedelta(minutes=5)
    assessor = hall.staff(Role.ASSESSOR, hall.assessor_id)
    await planned(hall.api, session_id, assessor)
    started = await hall.api.post(f"/sessions/{session_id}/start", headers=assessor)
    assert started.status_code == 200, started.text
    await sit(
        hall.service, hall.api, attempt[appellant.candidate_id], appellant.candidate_id, False
    )
    await sit(hall.service, hall.api, attempt[achiever.candidate_id], achiever.candidate_id, True)
    first = attempt[appellant.candidate_id]
    bk = await recommended(hall.api, first, "K", assessor, hall.admin)
    assert bk["overall"] == "BK"  # wrote nothing: the written test holds every unit back
    k = await recommended(hall.api, attempt[achiever.candidate_id], "K", assessor, hall.admin)
    assert k["overall"] == "K"

    hall.clock.now = STARTS + timedelta(days=3)
    body = {"attempt_id": first, "grounds": GROUNDS, "client_id": str(uuid4())}
    not_theirs = await hall.api.post("/appeals", json=body, headers=phone(achiever.candidate_id))
    assert [e["field"] for e in errors(not_theirs, 404)] == ["attempt_id"]
    mine = phone(appellant.candidate_id)
    lodged = await hall.api.post("/appeals", json=body, headers=mine)
    assert lodged.status_code == 201, lodged.text
    appeal = lodged.json()
    assert (appeal["status"], appeal["grounds"], appeal["attempt_no"]) == ("open", GROUNDS, 1)
    retry = await hall.api.post("/appeals", json=body, headers=mine)
    assert retry.status_code == 200 and retry.json()["appeal_id"] == appeal["appeal_id"]
    second = await hall.api.post("/appeals", headers=mine,
                                 json={**body, "client_id": str(uuid4())})  # fmt: skip
    assert [e["field"] for e in errors(second, 409)] == ["attempt_id"]
    path = f"/appeals/{appeal['appeal_id']}"
    assert (await hall.api.get(path, headers=phone(achiever.candidate_id))).status_code == 404
    assert (await hall.api.get(path, headers=mine)).json()["status"] == "open"

    async def listed_open() -> list[dict[str, Any]] | None:
        found = (await hall.api.get("/appeals?status=open", headers=hall.admin)).json()
        return found or None

    assert [a["appeal_id"] for a in await wait_until(listed_open)] == [appeal["appeal_id"]]

    for involved, why in ((hall.assessor_id, "assessed"), (trainer, "trained")):
        refused = await hall.api.post(f"{path}/reviewer", headers=hall.admin,
                                      json={"reviewer_id": str(involved)})  # fmt: skip
        found = errors(refused, 409)
        assert {e["field"] for e in found} == {"reviewer_id"}
        assert any(why in e["reason_en"] for e in found), found
    reviewer = uuid4()
    routed = await hall.api.post(f"{path}/reviewer", headers=hall.admin,
                                 json={"reviewer_id": str(reviewer)})  # fmt: skip
    assert routed.status_code == 200 and routed.json()["reviewer_id"] == str(reviewer)
    decision = {"outcome": "upheld", "reasons": REASONS}
    other_maker = await hall.api.post(f"{path}/decision", json=decision,
                                      headers=hall.staff(Role.DECISION_MAKER))  # fmt: skip
    assert [e["field"] for e in errors(other_maker, 403)] == ["appeal_id"]
    decided = await hall.api.post(f"{path}/decision", json=decision,
                                  headers=hall.staff(Role.DECISION_MAKER, reviewer))  # fmt: skip
    assert decided.status_code == 200, decided.text
    assert (decided.json()["status"], decided.json()["reasons"]) == ("upheld", REASONS)
    assert decided.json()["reasons_status"] == "shown"
    retried = await hall.api.post(f"{path}/decision", json=decision,
                                  headers=hall.staff(Role.DECISION_MAKER, reviewer))  # fmt: skip
    assert retried.status_code == 200 and retried.json()["reasons"] == REASONS  # a retry: once
    for reader in (mine, hall.admin):
        read = (await hall.api.get(path, headers=reader)).json()
        assert (read["reasons"], read["reasons_status"]) == (REASONS, "shown")
    decisions = await hall.service.pool.fetch(
        "SELECT data::text AS data FROM events WHERE event_type = 'AppealDecided'"
    )
    assert len(decisions) == 1 and "Catatan" not in decisions[0]["data"]  # sealed at rest
    assert json.loads(decisions[0]["data"])["sealed_reasons"]

    # A new session: the appellant is re-assessed as attempt 2; a K stands (no re-assessment).
    again = await licensed_assessor(hall.api, hall.admin, uuid4(), STARTS.date())
    later = STARTS + timedelta(days=10)
    both = [appellant.application_id, achiever.application_id]
    session_2 = await schedule(hall, again, later)

    async def only_the_k_refused() -> list[dict[str, Any]] | None:
        # Until the outcomes are read (the log is followed), the BK may read as "in progress".
        found = errors(await assign(hall, session_2, both), 422)
        return found if len(found) == 1 else None

    [reason] = await wait_until(only_the_k_refused, timeout=10, what="the K refused alone")
    assert str(achiever.candidate_id) in reason["field"]
    assert "recommended K" in reason["reason_en"]

    async def allowed() -> dict[str, Any] | None:
        response = await assign(hall, session_2, [appellant.application_id])
        return response.json()[0] if response.status_code == 200 else None

    reassessed = await wait_until(allowed, timeout=10, what="the appellant assigned as attempt 2")
    assert reassessed["attempt_no"] == 2 and reassessed["attempt_id"] != first
    drawn = await hall.api.get(f"/exams/{reassessed['attempt_id']}", headers=mine)
    assert drawn.status_code == 200, drawn.text
    kept = (await hall.api.get(f"/attempts/{first}/judgement", headers=hall.admin)).json()
    assert kept["recommendation"]["overall"] == "BK"

    async def decided_on_kafka() -> list[dict[str, Any]] | None:
        records = await all_records(hall.service.settings.kafka_bootstrap, hall.service.topic)
        key = f"appeal-{appeal['appeal_id']}".encode()
        found = [json.loads(r.value) for r in records if r.key == key]
        return found if len(found) >= 2 else None

    published = await wait_until(decided_on_kafka, timeout=30, what="the appeal on Kafka")
    assert [e.get("outcome") for e in published] == [None, "upheld"]  # lodged, then decided
    assert {e["attempt_id"] for e in published} == {first}
    text = json.dumps(published)
    assert "Jaringan" not in text and "Catatan" not in text  # grounds and reasons stay inside

    # Registration erases the appellant: the grounds and the reasons read as erased, for them
    # and for the LSP; the decision itself stands.
    assert await hall.keys.erase(appellant.candidate_id)
    for reader in (mine, hall.admin):
        read = (await hall.api.get(path, headers=reader)).json()
        assert (read["grounds"], read["grounds_status"]) == (None, "erased")
        assert (read["reasons"], read["reasons_status"], read["status"]) == (
            None, "erased", "upheld",
        )  # fmt: skip


async def test_an_appeal_after_the_window_is_refused_naming_the_attempt(hall: Hall) -> None:
    [candidate] = await accepted(hall.service, LSP, 1, DAY)
    session_id = await schedule(hall, hall.assessor_id, STARTS)
    assigned = await assign(hall, session_id, [candidate.application_id])
    attempt = assigned.json()[0]["attempt_id"]
    hall.clock.now = STARTS - timedelta(minutes=5)
    assessor = hall.staff(Role.ASSESSOR, hall.assessor_id)
    await planned(hall.api, session_id, assessor)
    assert (await hall.api.post(f"/sessions/{session_id}/start", headers=assessor)).is_success
    await sit(hall.service, hall.api, attempt, candidate.candidate_id, False)
    made = await recommended(hall.api, attempt, "BK", assessor, hall.admin)
    hall.clock.now = datetime.fromisoformat(made["recommended_at"]) + timedelta(days=14, hours=1)
    body = {"attempt_id": attempt, "grounds": GROUNDS, "client_id": str(uuid4())}
    late = await hall.api.post("/appeals", json=body, headers=phone(candidate.candidate_id))
    [error] = errors(late, 409)
    assert error["field"] == "attempt_id" and "appeal window closed" in error["reason_en"]
    listed = await hall.api.get("/appeals", headers=hall.admin)
    assert listed.status_code == 200 and listed.json() == []
