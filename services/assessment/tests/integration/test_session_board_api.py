"""The planning board's list (GET /sessions) through the real API on PostgreSQL: an LSP's staff
see their own LSP's sessions only, soonest first, filtered by start, site and status, a page at
a time without repeats; a reversed range is refused naming the field."""

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
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
DAY = datetime.now(UTC).replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(days=10)


@pytest.fixture(scope="module")
async def api() -> AsyncIterator[httpx.AsyncClient]:
    async with fresh_schema("board") as schema:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", bank=FixedBank(),
        )  # fmt: skip
        await service.start()
        try:
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                yield client
        finally:
            await service.stop()


def body(site_id: UUID, assessor: UUID, day: int) -> dict[str, Any]:
    starts = DAY + timedelta(days=day)
    return {"scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
            "district_code": "5107", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(), "exam_minutes": 60,
            "capacity": 10, "assessor_ids": [str(assessor)]}  # fmt: skip


async def listed(api: httpx.AsyncClient, headers: dict[str, str], **query: Any) -> list[str]:
    found = await api.get("/sessions", headers=headers, params=query)
    assert found.status_code == 200, found.text
    return [s["session_id"] for s in found.json()]


async def test_the_board_lists_the_lsps_sessions_by_start_site_and_status_a_page_at_a_time(
    api: httpx.AsyncClient,
) -> None:
    hall, village = [await verified_site(api, ADMIN, DAY.date()) for _ in range(2)]
    assessor = await licensed_assessor(api, ADMIN, uuid4(), DAY.date())
    plans = [(hall, 2), (village, 0), (hall, 1), (hall, 5)]
    ids = []
    for site, day in plans:
        made = await api.post("/sessions", headers=ADMIN, json=body(site, assessor, day))
        assert made.status_code == 201, made.text
        ids.append(made.json()["session_id"])
    cancelled = await api.post(f"/sessions/{ids[3]}/cancel", headers=ADMIN,
                               json={"reason": "site_unavailable"})  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text
    soonest_first = [ids[1], ids[2], ids[0], ids[3]]

    async def all_projected() -> bool:
        found = (await api.get("/sessions", headers=ADMIN)).json()
        return [s["status"] for s in found] == ["scheduled"] * 3 + ["cancelled"]

    await wait_until(all_projected, timeout=15, what="the four sessions on the board")
    assert await listed(api, ADMIN) == soonest_first
    window = {"starts_from": (DAY + timedelta(days=1)).isoformat(),
              "starts_to": (DAY + timedelta(days=3)).isoformat()}  # fmt: skip
    assert await listed(api, ADMIN, **window) == [ids[2], ids[0]]
    assert await listed(api, ADMIN, site_id=str(hall)) == [ids[2], ids[0], ids[3]]
    assert await listed(api, ADMIN, status="cancelled") == [ids[3]]
    assert await listed(api, ADMIN, status="scheduled", site_id=str(village)) == [ids[1]]
    pages = [await listed(api, ADMIN, limit=3, offset=o) for o in (0, 3)]
    assert pages == [soonest_first[:3], soonest_first[3:]]
    site_head = bearer_headers(Role.TEST_SITE_HEAD, lsp_id=LSP)
    assert await listed(api, site_head) == soonest_first
    assert await listed(api, bearer_headers(Role.LSP_ADMIN, lsp_id=uuid4())) == []


async def test_a_reversed_range_or_an_unknown_status_is_refused_naming_the_field(
    api: httpx.AsyncClient,
) -> None:
    backwards = {"starts_from": DAY.isoformat(), "starts_to": (DAY - timedelta(days=1)).isoformat()}
    reversed_range = await api.get("/sessions", headers=ADMIN, params=backwards)
    assert reversed_range.status_code == 422, reversed_range.text
    assert [e["field"] for e in reversed_range.json()["errors"]] == ["starts_to"]
    unknown = await api.get("/sessions", headers=ADMIN, params={"status": "done"})
    assert unknown.status_code == 422
    assert "status" in unknown.json()["errors"][0]["field"]
    for wrong in ("2030-01-01T00:00", "1700000000", "0.5"):  # no offset; seconds, not a moment
        refused = await api.get("/sessions", headers=ADMIN, params={"starts_from": wrong})
        assert refused.status_code == 422, wrong
        assert "starts_from" in refused.json()["errors"][0]["field"]
    candidate = bearer_headers(Role.CANDIDATE, candidate_id=uuid4())
    assert (await api.get("/sessions", headers=candidate)).status_code == 403
