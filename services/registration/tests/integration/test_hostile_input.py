"""Input however formed gets a 4xx naming the field and changes nothing: NULs whatever the
content type's letter case, non-finite numbers, and bodies over the limit sent chunked (no
Content-Length), which the service once stored (a 2 MB draft) or answered with a 500."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest

from kompeten_contracts.roles import Role
from servicekit.auth import Principal, bearer_headers, issue_token

from .conftest import events, http, running

pytestmark = pytest.mark.integration

COOPERATIVE = {
    "name": "Koperasi\u0000Sejahtera",
    "kind": "ksp_usp",
    "legal_number": "123/BH/XXII/2020",
    "district_code": "5107",
    "province_code": "51",
}


def candidate() -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(Principal(uuid4(), Role.CANDIDATE, uuid4()))}"}


async def chunks(body: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize(
    "content_type",
    ["APPLICATION/JSON", "Application/Json; charset=UTF-8", "application/problem+json"],
)
async def test_a_nul_is_refused_on_its_field_whatever_the_content_type_says(
    schema: str, content_type: str
) -> None:
    admin = {**bearer_headers(Role.LSP_ADMIN), "Content-Type": content_type}
    async with running(schema) as service, http(service) as api:
        cooperative = await api.post(
            "/cooperatives", headers=admin, content=json.dumps(COOPERATIVE)
        )
        scheme = await api.post(
            "/schemes",
            headers=admin,
            content=json.dumps({"content": {"title": "Kasir\u0000"}, "scheme_code": "X"}),
        )
    assert cooperative.status_code == 422, cooperative.text
    assert cooperative.json()["errors"][0]["field"] == "name"
    assert scheme.status_code == 422, scheme.text
    assert scheme.json()["errors"][0]["field"] == "content.title"
    assert await events(schema) == []


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"draft": {"income": 1e400}}', "draft.income"),
        (b'{"draft": {"scores": [1, NaN]}}', "draft.scores.1"),
        (b'{"draft": {"x": -Infinity}}', "draft.x"),
    ],
)
async def test_a_non_finite_number_is_refused_on_its_field(
    schema: str, raw: bytes, field: str
) -> None:
    me = candidate()
    async with running(schema) as service, http(service) as api:
        started = await api.post("/applications", json={"client_id": str(uuid4())}, headers=me)
        application_id = started.json()["application_id"]
        before = await events(schema)
        draft = await api.put(
            f"/applications/{application_id}/draft",
            content=raw,
            headers={**me, "Content-Type": "application/json"},
        )
        assert draft.status_code == 422, draft.text
        assert draft.json()["errors"][0]["field"] == field
        assert await events(schema) == before


async def test_a_chunked_body_over_the_limit_is_refused_and_nothing_is_stored(schema: str) -> None:
    me = candidate()
    huge = json.dumps({"draft": {"notes": "x" * (2 * 1024 * 1024)}}).encode()
    async with running(schema) as service, http(service) as api:
        started = await api.post("/applications", json={"client_id": str(uuid4())}, headers=me)
        application_id = started.json()["application_id"]
        before = await events(schema)
        draft = await api.put(
            f"/applications/{application_id}/draft",
            content=chunks(huge),
            headers={**me, "Content-Type": "application/json"},
        )
        assert "content-length" not in draft.request.headers  # really sent chunked
        assert draft.status_code == 413, draft.text
        assert draft.json()["errors"][0]["field"] == "body"
        assert await events(schema) == before


async def test_a_chunked_cohort_file_over_its_limit_is_refused(schema: str) -> None:
    operator = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
    boundary = "kompeten-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = head + b"a,b\n" * (3 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    async with running(schema) as service, http(service) as api:
        upload = await api.post(
            "/cohort-imports",
            content=chunks(body),
            headers={**operator, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
    assert upload.status_code == 413, upload.text
    assert upload.json()["errors"][0]["field"] == "body"
    assert await events(schema) == []
