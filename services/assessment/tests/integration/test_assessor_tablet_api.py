"""What the assessor's tablet reads before a day in the hall, through the real API on
PostgreSQL: the sessions naming the assessor (GET /assessors/me/sessions: their LSP's only,
how many candidates are theirs, another assessor's sessions never listed) and the essays their
candidates drew (GET /sessions/{id}/essays: their own candidates, every candidate for the LSP's
admin, nothing for another assessor or another LSP), the ids an essay mark names."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
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
LSP, OTHER_LSP = uuid4(), uuid4()
STARTS = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
ADMIN = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=LSP)
ONE, TWO, NOBODY = uuid4(), uuid4(), uuid4()


def as_assessor(account_id: UUID, lsp_id: UUID = LSP) -> dict[str, str]:
    return bearer_headers(Role.ASSESSOR, account_id=account_id, lsp_id=lsp_id)


@asynccontextmanager
async def office() -> AsyncIterator[tuple[AssessmentService, httpx.AsyncClient]]:
    async with fresh_schema("tablet") as schema:
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


async def session_with(
    service: AssessmentService, api: httpx.AsyncClient, starts: datetime, assessors: list[UUID],
    candidates: int,
) -> tuple[str, list[dict[str, str]]]:  # fmt: skip
    accepted = [
        AcceptedApplication(
            uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], starts, LSP
        )
        for _ in range(candidates)
    ]
    async with service.pool.acquire() as conn, conn.transaction():
        for application in accepted:
            await service.accepted().add(conn, application)
    site_id = await verified_site(api, ADMIN, starts.date())
    body = {"scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
            "district_code": "5107", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=3)).isoformat(), "exam_minutes": 60,
            "capacity": 40, "assessor_ids": [str(a) for a in assessors]}  # fmt: skip
    created = await api.post("/sessions", json=body, headers=ADMIN)
    assert created.status_code == 201, created.text
    session_id: str = created.json()["session_id"]
    ids = [str(a.application_id) for a in accepted]
    assigned = await api.post(f"/sessions/{session_id}/assignments",
                              json={"application_ids": ids}, headers=ADMIN)  # fmt: skip
    assert assigned.status_code == 200, assigned.text
    return session_id, assigned.json()


async def listed(api: httpx.AsyncClient, who: dict[str, str]) -> list[dict[str, object]]:
    got = await api.get("/assessors/me/sessions", headers=who)
    assert got.status_code == 200, got.text
    sessions: list[dict[str, object]] = got.json()["sessions"]
    return sessions


async def test_an_assessor_lists_the_sessions_naming_them_and_reads_their_candidates_essays() -> (
    None
):
    async with office() as (service, api):
        for assessor in (ONE, TWO):
            await licensed_assessor(api, ADMIN, assessor, STARTS.date())
        shared, assignments = await session_with(service, api, STARTS, [ONE, TWO], 4)
        later, _ = await session_with(service, api, STARTS + timedelta(days=1), [ONE], 2)
        theirs, _ = await session_with(service, api, STARTS + timedelta(hours=5), [TWO], 1)

        async def projected() -> bool:  # both sessions, and both sessions' assignments
            return [s["assigned"] for s in await listed(api, as_assessor(ONE))] == [4, 2]

        await wait_until(projected, what="the sessions read model")
        mine = await listed(api, as_assessor(ONE))
        assert [s["session_id"] for s in mine] == [shared, later]  # the soonest first
        by_one = sum(a["assessor_id"] == str(ONE) for a in assignments)
        assert (mine[0]["assigned"], mine[0]["mine"]) == (4, by_one)
        assert (mine[1]["assigned"], mine[1]["mine"]) == (2, 2)
        assert mine[0]["scheme_code"] == "KOP-KASIR" and mine[0]["started_at"] is None
        await wait_until(
            lambda: _count(api, as_assessor(TWO), 2), what="the second assessor's sessions"
        )
        assert theirs in [s["session_id"] for s in await listed(api, as_assessor(TWO))]
        assert await listed(api, as_assessor(NOBODY)) == []
        assert await listed(api, as_assessor(ONE, OTHER_LSP)) == []  # another LSP's: none
        for refused in (ADMIN, bearer_headers(Role.CANDIDATE, candidate_id=uuid4())):
            assert (await api.get("/assessors/me/sessions", headers=refused)).status_code == 403
        assert (await api.get("/assessors/me/sessions?days_past=-1",
                              headers=as_assessor(ONE))).status_code == 422  # fmt: skip

        essays = await api.get(f"/sessions/{shared}/essays", headers=as_assessor(ONE))
        assert essays.status_code == 200, essays.text
        own = {a["candidate_id"] for a in assignments if a["assessor_id"] == str(ONE)}
        assert {c["candidate_id"] for c in essays.json()} == own
        for candidate in essays.json():
            assert [(e["question_id"], e["answer"]) for e in candidate["essays"]] == [
                ("essay-1", None)
            ]
        every = await api.get(f"/sessions/{shared}/essays", headers=ADMIN)
        assert len(every.json()) == 4
        stranger = await api.get(f"/sessions/{shared}/essays", headers=as_assessor(NOBODY))
        assert stranger.status_code == 403
        elsewhere = await api.get(f"/sessions/{shared}/essays", headers=as_assessor(ONE, OTHER_LSP))
        assert elsewhere.status_code == 404


async def _count(api: httpx.AsyncClient, who: dict[str, str], n: int) -> bool:
    return len(await listed(api, who)) == n
