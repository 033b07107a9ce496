"""Bad input over HTTP gets a 4xx naming the field and the reason, and changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema
from kompeten_contracts.roles import Role
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from servicekit.auth import bearer_headers
from servicekit.guards import DEFAULT_LIMIT as MAX_BODY_BYTES

pytestmark = pytest.mark.integration

OPERATOR = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))


@pytest.fixture
async def api() -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    async with fresh_schema("reg") as schema:
        service = RegistrationService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False
        )
        await service.start()
        transport = httpx.ASGITransport(app=create_app(service))
        try:
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", headers=OPERATOR
            ) as client:
                yield client, schema
        finally:
            await service.stop()


async def events_in(schema: str) -> int:
    conn = await admin_connection()
    try:
        return int(await conn.fetchval(f'SELECT count(*) FROM "{schema}".events'))
    finally:
        await conn.close()


def body(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "client_id": str(uuid.uuid4()),
        "full_name": "Ni Kadek Dwi Lestari",
        "nik": "5107014506910001",
        "email": "dwi@example.id",
        "district_code": "5107",
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("payload", "field", "reason_en"),
    [
        (body(nik="51070145069100"), "nik", "at least 16 characters"),
        (body(nik="5107011313910001"), "nik", "birth month 13 is invalid"),
        (body(nik="9907014506910001"), "nik", "unknown province code 99"),
        (body(email="dwi-at-example"), "email", "pattern"),
        (body(district_code="51"), "district_code", "pattern"),
        (body(client_id="not-a-uuid"), "client_id", "UUID"),
        (body(full_name=""), "full_name", "at least 1 character"),
        (body(status="accepted"), "status", "Extra inputs are not permitted"),
        ({k: v for k, v in body().items() if k != "nik"}, "nik", "Field required"),
    ],
)
async def test_a_bad_field_is_named_with_its_reason_and_nothing_is_recorded(
    api, payload: dict[str, object], field: str, reason_en: str
) -> None:
    client, schema = api
    response = await client.post("/candidates", json=payload)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert any(
        e["field"] == field and reason_en in e["reason_en"] and e["reason"] for e in errors
    ), errors
    assert await events_in(schema) == 0


async def test_an_oversized_request_is_refused_before_it_is_read(api) -> None:
    client, schema = api
    response = await client.post(
        "/candidates",
        content=b'{"full_name": "' + b"a" * MAX_BODY_BYTES + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "body"
    assert await events_in(schema) == 0


@pytest.mark.parametrize(
    ("method", "path", "status", "reason", "reason_en"),
    [
        ("GET", "/tidak-ada", 404, "alamat tidak ditemukan", "Not Found"),
        ("DELETE", "/candidates", 405, "metode ini tidak diizinkan untuk alamat ini",
         "Method Not Allowed"),
    ],
)  # fmt: skip
async def test_the_frameworks_own_refusals_speak_both_languages(
    api, method: str, path: str, status: int, reason: str, reason_en: str
) -> None:
    client, _ = api
    response = await client.request(method, path)
    assert response.status_code == status
    assert response.json()["errors"] == [
        {"field": "request", "reason": reason, "reason_en": reason_en}
    ]


async def test_malformed_json_is_refused(api) -> None:
    client, schema = api
    response = await client.post(
        "/candidates", content=b'{"nik": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason_en"]
    assert await events_in(schema) == 0


async def test_a_second_registration_of_one_nik_is_a_conflict_on_nik(api) -> None:
    client, schema = api
    assert (await client.post("/candidates", json=body())).status_code == 201
    again = await client.post("/candidates", json=body(email="other@example.id"))
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "nik"
    assert await events_in(schema) == 1


async def test_a_retry_is_answered_with_the_same_candidate(api) -> None:
    client, schema = api
    payload = body()
    first = await client.post("/candidates", json=payload)
    second = await client.post("/candidates", json=payload)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert await events_in(schema) == 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Authorization": ""}, 401),
        ({"Authorization": "Bearer not-a-token"}, 401),
        (bearer_headers(Role.ASSESSOR), 403),
        (bearer_headers(Role.PARTNER), 403),
    ],
)
async def test_registration_needs_a_token_of_a_registering_role(api, headers, status) -> None:
    client, schema = api
    response = await client.post("/candidates", json=body(), headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["field"] == "Authorization"
    assert await events_in(schema) == 0
