"""Certificate's API answers as its access table says: every operation tried with every role,
with no token and with ids of no one; tokens that are not the installation's are refused
naming Authorization; the public operations need no token and say nothing by guessing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest
from certificate_stack import api_of, running_certificate

from certificate.api.access import ACCESS
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers
from servicekit.testing.access_matrix import mismatches, undeclared

pytestmark = pytest.mark.integration
REQUESTS = {
    "POST /recommendations/{attempt_id}/decision": {"json": {"outcome": "K"}},
    "POST /certificates/{certificate_id}/suspension": {"json": {"reason": "misuse_suspected"}},
    "POST /certificates/{certificate_id}/reinstatement": {"json": {"reason": "review_cleared"}},
    "POST /certificates/{certificate_id}/withdrawal": {"json": {"reason": "misuse"}},
    "POST /certificates/{certificate_id}/replacement": {"json": {"reason": "data_correction"}},
    "POST /certificates/{certificate_id}/duplicates": {
        "json": {"reason": "lost", "copy_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e"}
    },
    "POST /certificates/{certificate_id}/agreement": {
        "json": {"agreement_version": "2026-1", "agree": True}
    },
}


@pytest.fixture(scope="module")
async def api() -> AsyncIterator[httpx.AsyncClient]:
    async with running_certificate(consume=False) as service, api_of(service) as client:
        yield client


async def test_every_operation_is_declared_and_answers_as_the_access_table_says(
    api: httpx.AsyncClient,
) -> None:
    openapi = (await api.get("/openapi.json")).json()
    assert undeclared(openapi, ACCESS) == (set(), set())
    found = await mismatches(api, openapi, ACCESS, requests=REQUESTS)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.DECISION_MAKER, Role.CANDIDATE])
async def test_only_an_lsp_admin_changes_a_certificate(api: httpx.AsyncClient, role: Role) -> None:
    answer = await api.post(f"/certificates/{uuid4()}/suspension",
                            json={"reason": "misuse_suspected"},
                            headers=bearer_headers(role, lsp_id=uuid4()))  # fmt: skip
    assert answer.status_code == 403, answer.text
    assert answer.json()["errors"][0]["field"] == "Authorization"


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.LSP_ADMIN, Role.DECISION_MAKER])
async def test_only_the_holder_signs_the_agreement(api: httpx.AsyncClient, role: Role) -> None:
    answer = await api.post(f"/certificates/{uuid4()}/agreement",
                            json={"agreement_version": "2026-1", "agree": True},
                            headers=bearer_headers(role, lsp_id=uuid4()))  # fmt: skip
    assert answer.status_code == 403, answer.text


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.LSP_ADMIN, Role.CANDIDATE])
async def test_only_a_decision_maker_decides(api: httpx.AsyncClient, role: Role) -> None:
    answer = await api.post(f"/recommendations/{uuid4()}/decision", json={"outcome": "K"},
                            headers=bearer_headers(role, lsp_id=uuid4()))  # fmt: skip
    assert answer.status_code == 403, answer.text
    [error] = answer.json()["errors"]
    assert error["field"] == "Authorization" and role.value in error["reason_en"]


async def test_a_forged_token_is_refused_and_the_public_needs_none(api: httpx.AsyncClient) -> None:
    forged = {"Authorization": "Bearer not.a.token"}
    refused = await api.get("/certificates", headers=forged)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    keys = await api.get("/keys")
    assert keys.status_code == 200
    [key] = keys.json()["keys"]
    assert (key["kty"], key["crv"], key["alg"], key["kid"]) == ("OKP", "Ed25519", "EdDSA", "dev")
    assert "d" not in key  # the public half only
    assert (await api.get("/health")).json() == {"status": "ok"}
