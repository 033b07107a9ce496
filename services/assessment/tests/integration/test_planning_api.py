"""Planning through the real API on PostgreSQL: a session needs a site that may host it and
assessors who may assess; an assignment is refused as a whole, naming each candidate and the
reason (an assessor from the candidate's own cooperative, a session at the same time), and
nothing is recorded; another LSP's admin finds no session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_bank import FixedBank
from assessment_hall import licensed_assessor, verified_site

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
STARTS = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[tuple[AssessmentService, httpx.AsyncClient]]:
    async with fresh_schema("plan") as schema:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", bank=FixedBank(),
        )  # fmt: skip
        await service.start()
        try:
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                yield service, api
        finally:
            await service.stop()


def session_body(site_id: UUID, assessors: list[UUID], hours: int = 0) -> dict[str, Any]:
    starts = STARTS + timedelta(hours=hours)
    return {"scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
            "district_code": "5107", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(), "exam_minutes": 60,
            "capacity": 10, "assessor_ids": [str(a) for a in assessors]}  # fmt: skip


async def accepted(service: AssessmentService, cooperative_id: UUID) -> AcceptedApplication:
    application = AcceptedApplication(
        uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", cooperative_id, "5107", [], STARTS, LSP
    )
    async with service.pool.acquire() as conn, conn.transaction():
        await service.accepted().add(conn, application)
    return application


def problems(response: httpx.Response, status: int) -> list[dict[str, str]]:
    assert response.status_code == status, response.text
    found: list[dict[str, str]] = response.json()["errors"]
    return found


async def test_a_session_needs_a_verified_site_and_licensed_assessors(
    started: tuple[AssessmentService, httpx.AsyncClient],
) -> None:
    _, api = started
    unverified = await api.post("/sites", headers=ADMIN, json={
        "kind": "sewaktu", "name": "Balai Desa", "address": "Jl. Desa 1", "district_code": "5107",
        "capacity": 30})  # fmt: skip
    stranger = uuid4()  # an account no one registered as an assessor
    refused = await api.post(
        "/sessions", headers=ADMIN,
        json=session_body(UUID(unverified.json()["site_id"]), [stranger]),
    )  # fmt: skip
    assert refused.status_code in (404, 409), refused.text
    site_id = await verified_site(api, ADMIN, STARTS.date())
    licensed = await licensed_assessor(api, ADMIN, uuid4(), STARTS.date(), scheme_code="KOP-KASIR")
    other_scheme = await licensed_assessor(
        api, ADMIN, uuid4(), STARTS.date(), scheme_code="KOP-BENDAHARA"
    )
    errors = problems(
        await api.post("/sessions", headers=ADMIN,
                       json=session_body(site_id, [licensed, other_scheme])), 409
    )  # fmt: skip
    assert [e["field"] for e in errors] == ["assessor_ids[1]"]
    other_lsp = bearer_headers(Role.LSP_ADMIN, lsp_id=uuid4())
    assert (await api.post("/sessions", headers=other_lsp,
                           json=session_body(site_id, [licensed]))).status_code == 404  # fmt: skip


async def test_an_assignment_with_a_conflict_of_interest_or_an_overlap_assigns_no_one(
    started: tuple[AssessmentService, httpx.AsyncClient],
) -> None:
    service, api = started
    site_id = await verified_site(api, ADMIN, STARTS.date())
    own_cooperative = uuid4()
    assessor = await licensed_assessor(
        api, ADMIN, uuid4(), STARTS.date(), cooperative_id=own_cooperative
    )
    first = await api.post("/sessions", headers=ADMIN, json=session_body(site_id, [assessor]))
    second = await api.post("/sessions", headers=ADMIN,
                            json=session_body(site_id, [assessor], hours=1))  # fmt: skip
    first_id, second_id = first.json()["session_id"], second.json()["session_id"]
    colleague = await accepted(service, own_cooperative)
    fine, busy = await accepted(service, uuid4()), await accepted(service, uuid4())
    ok = await api.post(f"/sessions/{first_id}/assignments", headers=ADMIN,
                        json={"application_ids": [str(busy.application_id)]})  # fmt: skip
    assert ok.status_code == 200, ok.text

    async def busy_known() -> bool:
        rows = await service.pool.fetchval(
            f'SELECT count(*) FROM "{service.schema}".session_assignments '
            "WHERE candidate_id = $1", busy.candidate_id)  # fmt: skip
        return bool(rows)

    await wait_until(busy_known, timeout=10, what="the first session's assignment projected")
    ids = [str(a.application_id) for a in (fine, colleague, busy)]
    errors = problems(
        await api.post(f"/sessions/{second_id}/assignments", headers=ADMIN,
                       json={"application_ids": ids}), 422
    )  # fmt: skip
    reasons = {e["field"]: e["reason_en"] for e in errors}
    assert str(colleague.candidate_id) in next(iter(f for f in reasons if "[1]" in f))
    assert any("cooperative" in r for f, r in reasons.items() if "[1]" in f)
    assert any("another session" in r for f, r in reasons.items() if "[2]" in f)
    assert not any("[0]" in f for f in reasons)
    session = (await api.get(f"/sessions/{second_id}", headers=ADMIN)).json()
    assert session["assigned"] == 0  # all or nothing
