"""What the fuzz run (test_fuzz_api.py) found, kept fixed whatever the fuzzer's seed: a number
too large for the database is refused naming its field (it was a 500), a boolean field takes
JSON booleans only (0 made a print batch), and an upload refused before its rows are read has
the documented error shape (the row absent) and records nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest
from certificate_stack import api_of, lsp_admin, running_certificate
from printing_cases import PROFILE

pytestmark = pytest.mark.integration
LSP = uuid4()


@pytest.fixture(scope="module")
async def api() -> AsyncIterator[httpx.AsyncClient]:
    async with running_certificate(consume=False) as service, api_of(service) as client:
        yield client


async def test_a_version_beyond_the_database_integer_is_refused_on_its_field(
    api: httpx.AsyncClient,
) -> None:
    session = f"/sessions/{uuid4()}/decision-document/versions"
    for version in (2**31, 0):
        refused = await api.get(f"{session}/{version}.pdf", headers=lsp_admin(LSP))
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == ["version"]
    missing = await api.get(f"{session}/{2**31 - 1}.pdf", headers=lsp_admin(LSP))
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "version"


@pytest.mark.parametrize(
    ("path", "field"),
    [("/print-batches", "reprint"), ("/print-profile", "preprinted")],
)
async def test_a_number_or_a_string_is_no_boolean(
    api: httpx.AsyncClient, path: str, field: str
) -> None:
    admin = lsp_admin(LSP)
    for wrong in (0, 1, "true"):
        if path == "/print-batches":
            sent = api.post(path, json={"session_id": str(uuid4()), field: wrong}, headers=admin)
        else:
            sent = api.put(path, json={**PROFILE, field: wrong}, headers=admin)
        refused = await sent
        assert refused.status_code == 422, (wrong, refused.text)
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    assert (await api.get("/print-batches", headers=admin)).json() == []
    assert (await api.get("/print-profile", headers=admin)).status_code == 404


async def test_an_upload_without_a_file_has_the_documented_refusal(api: httpx.AsyncClient) -> None:
    refused = await api.post("/blanko-imports?dry_run=true", headers=lsp_admin(LSP))
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "file" and "row" not in error
    document = (await api.get("/openapi.json")).json()
    row_error = document["components"]["schemas"]["RowError"]
    assert "row" not in row_error["required"] and set(row_error["required"]) <= set(error)
