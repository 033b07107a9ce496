"""One platform, two certification bodies (LSPs): an LSP's staff see and act on the
applications made to their LSP only; another LSP's are answered as ones that do not exist. A
candidate applies to schemes of any LSP, and the accepted application names its LSP on the
public topic."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from registration_catalogue import KASIR, StubCooperatives, StubSchemes
from registration_samples import apl01_json, apl02_json

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from servicekit.auth import bearer_headers

from .conftest import events

pytestmark = pytest.mark.integration
BALI, NTB = uuid.uuid4(), uuid.uuid4()
SCHEMES = {
    BALI: dataclasses.replace(KASIR, lsp_id=BALI),
    NTB: dataclasses.replace(KASIR, scheme_code="KOP-KASIR-NTB", lsp_id=NTB),
}


@pytest.fixture
async def api() -> AsyncIterator[tuple[httpx.AsyncClient, str, StubCooperatives]]:
    async with fresh_schema("reg") as schema:
        cooperatives = StubCooperatives()
        service = RegistrationService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            schemes=StubSchemes(*SCHEMES.values()), cooperatives=cooperatives,
        )  # fmt: skip
        await service.start()
        transport = httpx.ASGITransport(app=create_app(service))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                yield http, schema, cooperatives
        finally:
            await service.stop()


async def submitted_to(api: Any, lsp: uuid.UUID) -> str:
    http, _, cooperatives = api
    me = bearer_headers(Role.CANDIDATE, candidate_id=uuid.uuid4())
    started = await http.post("/applications", json={"client_id": str(uuid.uuid4())}, headers=me)
    application_id = started.json()["application_id"]
    form = apl01_json(cooperatives.add(), scheme_code=SCHEMES[lsp].scheme_code)
    body = {"client_id": str(uuid.uuid4()), "apl01": form, "apl02": apl02_json()}
    sent = await http.post(f"/applications/{application_id}/submission", json=body, headers=me)
    assert sent.status_code == 200, sent.text
    return str(application_id)


async def test_each_lsps_staff_see_and_decide_their_own_applications_only(api: Any) -> None:
    http, schema, _ = api
    mine, theirs = await submitted_to(api, BALI), await submitted_to(api, NTB)
    bali = bearer_headers(Role.LSP_ADMIN, lsp_id=BALI)

    async def queued() -> list[str] | None:
        found = (await http.get("/verification/queue", headers=bali)).json()
        return [q["application_id"] for q in found] or None

    assert await wait_until(queued, timeout=10, what="BALI's queue") == [mine]
    assert (await http.get(f"/applications/{mine}", headers=bali)).status_code == 200
    for method, path, body in (
        ("GET", f"/applications/{theirs}", None),
        ("POST", f"/applications/{theirs}/acceptance", {"client_id": str(uuid.uuid4())}),
        ("POST", f"/applications/{theirs}/rejection",
         {"client_id": str(uuid.uuid4()), "reason": "bukan skema kami"}),
    ):  # fmt: skip
        refused = await http.request(method, path, json=body, headers=bali)
        assert refused.status_code == 404, (path, refused.text)
    accepted = await http.post(
        f"/applications/{mine}/acceptance", json={"client_id": str(uuid.uuid4())}, headers=bali
    )
    assert accepted.status_code == 200, accepted.text
    [decision] = await events(schema, "ApplicationAccepted")
    assert decision["data"]["lsp_id"] == str(BALI)
    ntb = bearer_headers(Role.LSP_ADMIN, lsp_id=NTB)
    queue = (await http.get("/verification/queue", headers=ntb)).json()
    assert [q["application_id"] for q in queue] == [theirs]


async def test_an_lsps_admins_read_the_people_who_applied_to_it_and_no_one_else(
    api: Any,
) -> None:
    http, _, cooperatives = api
    me = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
    registered = await http.post(
        "/candidates",
        json={"client_id": str(uuid.uuid4()), "full_name": "Ni Kadek Pelamar",
              "nik": "5107014506910001", "email": f"p.{uuid.uuid4().hex[:8]}@example.id",
              "district_code": "5107"},
        headers=me,
    )  # fmt: skip
    candidate_id = registered.json()["candidate_id"]
    applicant = bearer_headers(Role.CANDIDATE, candidate_id=uuid.UUID(candidate_id))
    started = await http.post(
        "/applications", json={"client_id": str(uuid.uuid4())}, headers=applicant
    )
    form = apl01_json(cooperatives.add(), scheme_code=SCHEMES[BALI].scheme_code)
    body = {"client_id": str(uuid.uuid4()), "apl01": form, "apl02": apl02_json()}
    url = f"/applications/{started.json()['application_id']}/submission"
    assert (await http.post(url, json=body, headers=applicant)).status_code == 200
    bali = bearer_headers(Role.LSP_ADMIN, lsp_id=BALI)
    ntb = bearer_headers(Role.LSP_ADMIN, lsp_id=NTB)

    async def readable() -> bool:
        seen = await http.get(f"/candidates/{candidate_id}", headers=bali)
        return seen.status_code == 200

    await wait_until(readable, timeout=10, what="the applicant readable by BALI's admins")
    for path in (f"/candidates/{candidate_id}", f"/candidates/{candidate_id}/personal-data-reads"):
        refused = await http.get(path, headers=ntb)
        assert refused.status_code == 404 and "Pelamar" not in refused.text, path
    reads = (await http.get(f"/candidates/{candidate_id}/personal-data-reads", headers=bali)).json()
    assert [r["reader_role"] for r in reads] == ["lsp_admin"]
    erasure = f"/candidates/{candidate_id}/erasure"
    assert (await http.post(erasure, headers=ntb)).status_code == 404
    assert (await http.post(erasure, headers=bali)).status_code == 200  # on the person's request
