"""Test sites (TUK) over the real API on PostgreSQL: an LSP's admin registers a site, lists its
equipment per scheme and records its verification; the LSP's staff read them, another LSP's
admin is answered 404 as for a site that does not exist, and bad input is refused naming the
field with nothing recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
BALI, NTB = uuid4(), uuid4()
TODAY = date.today()


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[tuple[AssessmentService, httpx.AsyncClient]]:
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
def api(started: tuple[AssessmentService, httpx.AsyncClient]) -> httpx.AsyncClient:
    return started[1]


def staff(role: Role = Role.LSP_ADMIN, lsp: UUID = BALI) -> dict[str, str]:
    return bearer_headers(role, lsp_id=lsp)


def site_body(**changes: Any) -> dict[str, Any]:
    body = {"kind": "sewaktu", "training_centre": "blk_bpvp", "name": "BLK Karangasem",
            "address": "Jl. Ngurah Rai No. 1, Amlapura", "district_code": "5107",
            "capacity": 160}  # fmt: skip
    return {**body, **changes}


async def registered(api: httpx.AsyncClient, **changes: Any) -> str:
    response = await api.post("/sites", json=site_body(**changes), headers=staff())
    assert response.status_code == 201, response.text
    return str(response.json()["site_id"])


def one_error(response: httpx.Response, status: int, field: str) -> None:
    assert response.status_code == status, response.text
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert error["reason"] and error["reason_en"] and error["reason"] != error["reason_en"]


async def stream_length(service: AssessmentService, site_id: str) -> int:
    return len(await service.shared().store.load(f"test-site-{site_id}"))


async def test_an_admin_registers_equips_and_verifies_a_site_and_the_lsp_reads_it(
    api: httpx.AsyncClient,
) -> None:
    site_id = await registered(api, district_code="5108")
    items = {"items": ["Meja", "Kalkulator", "Meja"]}
    equipped = await api.put(f"/sites/{site_id}/equipment/KOP-KASIR", json=items, headers=staff())
    assert equipped.status_code == 200, equipped.text
    assert equipped.json()["equipment"] == {"KOP-KASIR": ["Meja", "Kalkulator"]}
    until = TODAY + timedelta(days=365)
    validity = {"verified_on": str(TODAY), "valid_until": str(until)}
    verified = await api.post(f"/sites/{site_id}/verification", json=validity, headers=staff())
    assert verified.status_code == 200, verified.text
    assert (verified.json()["verified_on"], verified.json()["valid_until"]) == (
        str(TODAY), str(until))  # fmt: skip

    head = staff(Role.TEST_SITE_HEAD)
    one = (await api.get(f"/sites/{site_id}", headers=head)).json()
    assert (one["name"], one["kind"], one["training_centre"]) == (
        "BLK Karangasem", "sewaktu", "blk_bpvp")  # fmt: skip

    async def listed() -> list[dict[str, Any]] | None:
        found = (await api.get("/sites?district_code=5108", headers=head)).json()
        return found if found and found[0]["valid_until"] else None

    [row] = await wait_until(listed, timeout=10, what="the site in the listing")
    assert row["site_id"] == site_id and row["equipment"] == {"KOP-KASIR": ["Meja", "Kalkulator"]}
    assert row["verified_on"] == str(TODAY)


async def test_a_retry_with_the_same_client_id_registers_one_site(
    api: httpx.AsyncClient, started: tuple[AssessmentService, httpx.AsyncClient]
) -> None:
    body = site_body(client_id=str(uuid4()))
    first = await api.post("/sites", json=body, headers=staff())
    again = await api.post("/sites", json=body, headers=staff())
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert await stream_length(started[0], first.json()["site_id"]) == 1
    other = await api.post("/sites", json={**body, "capacity": 20}, headers=staff())
    one_error(other, 409, "client_id")


async def test_another_lsps_admin_and_staff_get_404_for_a_site_and_do_not_list_it(
    api: httpx.AsyncClient, started: tuple[AssessmentService, httpx.AsyncClient]
) -> None:
    site_id = await registered(api, district_code="5201")
    intruder = staff(lsp=NTB)
    for method, path, body in (
        ("GET", f"/sites/{site_id}", None),
        ("PUT", f"/sites/{site_id}/equipment/KOP-KASIR", {"items": ["Meja"]}),
        ("POST", f"/sites/{site_id}/verification",
         {"verified_on": str(TODAY), "valid_until": str(TODAY + timedelta(days=9))}),
    ):  # fmt: skip
        one_error(await api.request(method, path, json=body, headers=intruder), 404, "site_id")
    assert await stream_length(started[0], site_id) == 1
    await wait_until(
        lambda: _listed(api, "5201", staff()), timeout=10, what="BALI's site listed for BALI"
    )
    assert (await api.get("/sites?district_code=5201", headers=intruder)).json() == []


async def _listed(api: httpx.AsyncClient, district: str, headers: dict[str, str]) -> bool:
    return bool((await api.get(f"/sites?district_code={district}", headers=headers)).json())


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER,
                                  Role.DISTRICT_OPERATOR, Role.CANDIDATE])  # fmt: skip
async def test_only_an_lsp_admin_registers_equips_or_verifies_a_site(
    api: httpx.AsyncClient, role: Role
) -> None:
    site_id = await registered(api)
    headers = bearer_headers(role, lsp_id=BALI if role != Role.CANDIDATE else None,
                             candidate_id=uuid4() if role == Role.CANDIDATE else None)  # fmt: skip
    for response in (
        await api.post("/sites", json=site_body(), headers=headers),
        await api.put(f"/sites/{site_id}/equipment/KOP-KASIR", json={"items": ["Meja"]},
                      headers=headers),
    ):  # fmt: skip
        one_error(response, 403, "Authorization")


@pytest.mark.parametrize(("changes", "field"), [
    ({"kind": "hall"}, "kind"),
    ({"training_centre": "sekolah"}, "training_centre"),
    ({"name": "  x "}, "name"),
    ({"address": "Jl"}, "address"),
    ({"district_code": "51071"}, "district_code"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": "many"}, "capacity"),
    ({"seats": 10}, "seats"),
])  # fmt: skip
async def test_a_malformed_site_is_refused_naming_the_field_and_nothing_is_listed(
    api: httpx.AsyncClient, changes: dict[str, Any], field: str
) -> None:
    district = "5171"
    body = site_body(**{"district_code": district, **changes})
    one_error(await api.post("/sites", json=body, headers=staff()), 422, field)
    # The listing follows the log: a site registered after this one shows that it caught up.
    marker = await registered(api, district_code=district, name=f"Penanda {uuid4().hex[:6]}")

    async def listed() -> list[str] | None:
        found = (await api.get(f"/sites?district_code={district}", headers=staff())).json()
        ids = [row["site_id"] for row in found]
        return ids if marker in ids else None

    ids = await wait_until(listed, timeout=10, what="the marker site listed")
    names = {r["name"] for r in (await api.get(f"/sites?district_code={district}",
                                               headers=staff())).json()}  # fmt: skip
    assert len(ids) == len(names) and all(n.startswith("Penanda") for n in names)


async def test_bad_equipment_and_verification_are_refused_and_change_nothing(
    api: httpx.AsyncClient, started: tuple[AssessmentService, httpx.AsyncClient]
) -> None:
    site_id = await registered(api)
    admin = staff()
    for method, path, body, status, field in (
        ("PUT", f"/sites/{site_id}/equipment/kasir", {"items": ["Meja"]}, 422, "scheme_code"),
        ("PUT", f"/sites/{site_id}/equipment/KOP-KASIR", {"items": []}, 422, "items"),
        ("POST", f"/sites/{site_id}/verification",
         {"verified_on": str(TODAY), "valid_until": str(TODAY)}, 422, "valid_until"),
        ("POST", f"/sites/{site_id}/verification",
         {"verified_on": str(TODAY + timedelta(days=2)),
          "valid_until": str(TODAY + timedelta(days=9))}, 422, "verified_on"),
        ("POST", f"/sites/{uuid4()}/verification",
         {"verified_on": str(TODAY), "valid_until": str(TODAY + timedelta(days=9))}, 404,
         "site_id"),
    ):  # fmt: skip
        one_error(await api.request(method, path, json=body, headers=admin), status, field)
    assert await stream_length(started[0], site_id) == 1


async def test_an_admin_without_an_lsp_cannot_register_a_site(api: httpx.AsyncClient) -> None:
    response = await api.post("/sites", json=site_body(), headers=bearer_headers(Role.LSP_ADMIN))
    one_error(response, 422, "lsp")
