"""What the fuzz run found, kept fixed: input the schema let through that then failed inside the
service (500) is refused with the field named, and every refusal, the framework's own included,
has the one error shape the OpenAPI schema documents."""

from __future__ import annotations

import uuid

import pytest

from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

from .conftest import events, http, mails_to, running

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "email",
    ["(@kompeten.id", "sari@kompeten.)", "sari@\u001ekompeten.id", "<>@kompeten.id", "sari@.id"],
)
async def test_an_address_no_mail_server_takes_is_refused_on_its_field(
    schema: str, email: str
) -> None:
    async with running(schema) as service, http(service) as api:
        for path, body, headers in (
            ("/auth/sign-up", {"email": email}, {}),
            ("/staff", {"email": email, "role": "assessor"}, bearer_headers(Role.LSP_ADMIN)),
        ):
            refused = await api.post(path, json=body, headers=headers)
            assert refused.status_code == 422, refused.text
            assert [e["field"] for e in refused.json()["errors"]] == ["email"]
        assert await events(schema) == []
    assert await mails_to(email) == []


async def test_a_draft_with_half_an_emoji_is_refused_and_the_saved_one_stays_readable(
    schema: str,
) -> None:
    me = bearer_headers(Role.CANDIDATE, candidate_id=uuid.uuid4())
    async with running(schema) as service, http(service) as api:
        started = await api.post("/applications", json={"client_id": str(uuid.uuid4())}, headers=me)
        url = f"/applications/{started.json()['application_id']}/draft"
        saved = {"apl01": {"personal": {"full_name": "Ni Wayan Sari 🌺"}}}
        assert (await api.put(url, json={"draft": saved}, headers=me)).status_code == 200
        cut = b'{"draft": {"apl01": {"personal": {"full_name": "Ni Wayan Sari \\ud83c"}}}}'
        refused = await api.put(
            url, content=cut, headers={**me, "content-type": "application/json"}
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "draft"
        read = await api.get(url, headers=me)
        assert read.status_code == 200 and read.json() == {"draft": saved}


async def test_refusals_by_the_framework_have_the_documented_error_shape(schema: str) -> None:
    latin1 = b'{"email": "s\xe9ri@kompeten.id"}'  # not UTF-8: the body cannot even be parsed
    async with running(schema) as service, http(service) as api:
        answers = {
            404: await api.get("/no-such-page"),
            405: await api.delete("/schemes"),
            400: await api.post(
                "/auth/sign-up", content=latin1, headers={"content-type": "application/json"}
            ),
        }
        for status, answer in answers.items():
            assert answer.status_code == status, answer.text
            [error] = answer.json()["errors"]
            assert error["field"] and error["reason"] and error["reason_en"], error
        assert answers[405].headers["Allow"] == "GET"


async def test_every_operation_documents_its_refusals_in_the_shape_it_sends(schema: str) -> None:
    async with running(schema) as service, http(service) as api:
        document = (await api.get("/openapi.json")).json()
    error_body = {"$ref": "#/components/schemas/ErrorBody"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            refused = operation["responses"].get("4XX", {})
            assert refused.get("content", {}).get("application/json", {}).get("schema") == (
                None if path == "/health" else error_body
            ), (method, path)
    assert "HTTPValidationError" not in str(document)  # FastAPI's {"detail": ...}, never sent
