"""Assessors over the real API on PostgreSQL: an LSP's admin registers an assessor by their staff
account, sets their schemes; the admin or the assessor themself declares relations and
unavailable dates; the LSP's staff read and list them, the assessor reads /assessors/me. Another
LSP's admin, or another assessor, gets 404 as for an assessor that does not exist; bad input is
refused naming the field with nothing recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from assessment.api.access import ACCESS
from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers
from servicekit.testing.access_matrix import owned_by_another

pytestmark = pytest.mark.integration
BALI, NTB = uuid4(), uuid4()
TODAY = date.today()
Started = tuple[AssessmentService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with fresh_schema("ass") as schema:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
        )  # fmt: skip
        await service.start()
        try:
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://ass.test") as api:
                yield service, api
        finally:
            await service.stop()


@pytest.fixture
def api(started: Started) -> httpx.AsyncClient:
    return started[1]


def admin(lsp: UUID = BALI) -> dict[str, str]:
    return bearer_headers(Role.LSP_ADMIN, lsp_id=lsp)


def as_assessor(account_id: UUID | str, lsp: UUID = BALI) -> dict[str, str]:
    return bearer_headers(Role.ASSESSOR, account_id=UUID(str(account_id)), lsp_id=lsp)


def assessor_body(**changes: Any) -> dict[str, Any]:
    body = {"account_id": str(uuid4()), "met_number": "MET.000.001234 2019",
            "licence_valid_until": str(TODAY + timedelta(days=700)),
            "scheme_codes": ["KOP-KASIR"], "district_code": "5107",
            "cooperative_id": str(uuid4())}  # fmt: skip
    return {**body, **changes}


async def registered(api: httpx.AsyncClient, **changes: Any) -> str:
    body = assessor_body(**changes)
    response = await api.post("/assessors", json=body, headers=admin())
    assert response.status_code == 201, response.text
    assert response.json() == {"assessor_id": body["account_id"]}
    return str(body["account_id"])


def one_error(response: httpx.Response, status: int, field: str) -> None:
    assert response.status_code == status, response.text
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert error["reason"] and error["reason_en"] and error["reason"] != error["reason_en"]


async def stream_length(service: AssessmentService, assessor_id: str) -> int:
    return len(await service.shared().store.load(f"assessor-{assessor_id}"))


async def test_an_admin_registers_an_assessor_who_keeps_their_own_record(
    api: httpx.AsyncClient,
) -> None:
    assessor_id = await registered(api, district_code="5108")
    schemes = await api.put(f"/assessors/{assessor_id}/schemes", headers=admin(),
                            json={"scheme_codes": ["KOP-KASIR", "KOP-BENDAHARA"]})  # fmt: skip
    assert schemes.json()["scheme_codes"] == ["KOP-BENDAHARA", "KOP-KASIR"]
    me = as_assessor(assessor_id)
    candidate = str(uuid4())
    related = await api.post(f"/assessors/{assessor_id}/relations", headers=me,
                             json={"kind": "family", "candidate_id": candidate})  # fmt: skip
    assert related.status_code == 200, related.text
    away = str(TODAY + timedelta(days=5))
    unavailable = await api.post(f"/assessors/{assessor_id}/unavailability", headers=me,
                                 json={"dates": [away, away]})  # fmt: skip
    assert unavailable.json()["unavailable"] == [away]

    mine = (await api.get("/assessors/me", headers=me)).json()
    assert mine["assessor_id"] == assessor_id
    assert mine["relations"] == [{"kind": "family", "candidate_id": candidate,
                                  "cooperative_id": None}]  # fmt: skip
    head = bearer_headers(Role.TEST_SITE_HEAD, lsp_id=BALI)
    seen = (await api.get(f"/assessors/{assessor_id}", headers=head)).json()
    assert seen["met_number"] == "MET.000.001234 2019" and seen["relations"] is None

    async def listed() -> list[dict[str, Any]] | None:
        found = (await api.get("/assessors?district_code=5108&scheme_code=KOP-BENDAHARA",
                               headers=head)).json()  # fmt: skip
        return found if found and found[0]["unavailable"] else None

    [row] = await wait_until(listed, timeout=10, what="the assessor in the listing")
    assert row["assessor_id"] == assessor_id and row["unavailable"] == [away]


async def test_a_retry_registers_once_and_the_same_account_twice_otherwise_is_409(
    api: httpx.AsyncClient, started: Started
) -> None:
    body = assessor_body()
    first = await api.post("/assessors", json=body, headers=admin())
    again = await api.post("/assessors", json=body, headers=admin())
    assert (first.status_code, again.status_code) == (201, 200)
    changed = await api.post("/assessors", json={**body, "district_code": "5171"}, headers=admin())
    one_error(changed, 409, "account_id")
    elsewhere = await api.post("/assessors", json=body, headers=admin(NTB))
    one_error(elsewhere, 409, "account_id")
    assert await stream_length(started[0], body["account_id"]) == 1


async def test_another_lsps_admin_and_another_assessor_get_404(
    api: httpx.AsyncClient, started: Started
) -> None:
    assessor_id = await registered(api, district_code="5201")
    relation = {"kind": "employer", "cooperative_id": str(uuid4())}
    dates = {"dates": [str(TODAY + timedelta(days=3))]}
    for headers in (admin(NTB), as_assessor(uuid4())):
        for method, path, body in (
            ("POST", f"/assessors/{assessor_id}/relations", relation),
            ("POST", f"/assessors/{assessor_id}/unavailability", dates),
        ):
            one_error(await api.request(method, path, json=body, headers=headers), 404,
                      "assessor_id")  # fmt: skip
    for method, path, body in (
        ("GET", f"/assessors/{assessor_id}", None),
        ("PUT", f"/assessors/{assessor_id}/schemes", {"scheme_codes": ["KOP-KASIR"]}),
    ):
        one_error(await api.request(method, path, json=body, headers=admin(NTB)), 404,
                  "assessor_id")  # fmt: skip
    one_error(await api.get("/assessors/me", headers=as_assessor(assessor_id, NTB)), 404,
              "assessor_id")  # fmt: skip
    relations, unavailability = (f"POST /assessors/{{assessor_id}}/{p}"
                                 for p in ("relations", "unavailability"))  # fmt: skip
    owned = {name: {"assessor_id": assessor_id} for name in (relations, unavailability)}
    requests = {relations: {"json": relation}, unavailability: {"json": dates}}
    found = await owned_by_another(api, ACCESS, owned, as_assessor(uuid4()), Role.ASSESSOR,
                                   requests)  # fmt: skip
    assert found == []
    assert await stream_length(started[0], assessor_id) == 1
    await wait_until(lambda: _listed(api, "5201", admin()), timeout=10, what="listed for BALI")
    assert (await api.get("/assessors?district_code=5201", headers=admin(NTB))).json() == []


async def _listed(api: httpx.AsyncClient, district: str, headers: dict[str, str]) -> bool:
    return bool((await api.get(f"/assessors?district_code={district}", headers=headers)).json())


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER,
                                  Role.DISTRICT_OPERATOR, Role.PARTNER])  # fmt: skip
async def test_only_an_lsp_admin_registers_assessors_and_sets_their_schemes(
    api: httpx.AsyncClient, role: Role
) -> None:
    assessor_id = await registered(api)
    headers = bearer_headers(role, account_id=UUID(assessor_id), lsp_id=BALI)
    for response in (
        await api.post("/assessors", json=assessor_body(), headers=headers),
        await api.put(f"/assessors/{assessor_id}/schemes", json={"scheme_codes": ["KOP-KASIR"]},
                      headers=headers),
    ):  # fmt: skip
        one_error(response, 403, "Authorization")


@pytest.mark.parametrize(("changes", "field"), [
    ({"met_number": "12345"}, "met_number"),
    ({"licence_valid_until": str(TODAY - timedelta(days=1))}, "licence_valid_until"),
    ({"licence_valid_until": "besok"}, "licence_valid_until"),
    ({"scheme_codes": []}, "scheme_codes"),
    ({"scheme_codes": ["kop kasir"]}, "scheme_codes"),
    ({"district_code": "51"}, "district_code"),
    ({"account_id": "not-a-uuid"}, "account_id"),
    ({"nik": "5107000000000001"}, "nik"),
])  # fmt: skip
async def test_a_malformed_registration_is_refused_naming_the_field_and_records_nothing(
    api: httpx.AsyncClient, started: Started, changes: dict[str, Any], field: str
) -> None:
    body = assessor_body(**changes)
    one_error(await api.post("/assessors", json=body, headers=admin()), 422, field)
    if field != "account_id":
        assert await stream_length(started[0], body["account_id"]) == 0


async def test_bad_relations_and_dates_are_refused_naming_the_field_and_change_nothing(
    api: httpx.AsyncClient, started: Started
) -> None:
    assessor_id = await registered(api)
    for path, body, field in (
        ("relations", {"kind": "family"}, "candidate_id"),
        ("relations", {"kind": "musuh", "candidate_id": str(uuid4())}, "kind"),
        ("unavailability", {"dates": [str(TODAY - timedelta(days=1))]}, "dates"),
        ("unavailability", {"dates": []}, "dates"),
        ("unavailability", {"dates": ["2026-13-01"]}, "dates.0"),
    ):
        response = await api.post(f"/assessors/{assessor_id}/{path}", json=body, headers=admin())
        one_error(response, 422, field)
    one_error(await api.put(f"/assessors/{assessor_id}/schemes", json={"scheme_codes": []},
                            headers=admin()), 422, "scheme_codes")  # fmt: skip
    assert await stream_length(started[0], assessor_id) == 1


async def test_an_assessor_not_registered_reads_no_record(api: httpx.AsyncClient) -> None:
    one_error(await api.get("/assessors/me", headers=as_assessor(uuid4())), 404, "assessor_id")
