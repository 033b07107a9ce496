"""Registration's role x endpoint matrix: every operation of its OpenAPI document, with every
role, no token, ids of no one and another owner's ids, answers as api/access.py declares."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from kompeten_contracts.roles import Role
from registration.api.access import ACCESS
from registration.seed.cohort_file import as_csv, staff_rows
from servicekit.testing.access_matrix import mismatches, owned_by_another, undeclared

from .conftest import Api

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n% ijazah SMA\n"
EXAMPLES = {"scheme_code": "KOP-KASIR", "version": "1", "code": "5107"}


def requests(api: Api) -> dict[str, dict[str, Any]]:
    """Well-formed bodies, so ownership is judged before the body would be refused."""
    return {
        "PUT /applications/{application_id}/draft": {"json": {"draft": {"catatan": "-"}}},
        "POST /applications/{application_id}/submission": {"json": api.submission()},
        "POST /applications/{application_id}/evidence": {"files": {"file": ("a.pdf", PDF)}},
    }


async def test_every_operation_is_declared_in_the_access_table(api: Api) -> None:
    missing, stale = undeclared((await api.http.get("/openapi.json")).json(), ACCESS)
    assert (missing, stale) == (set(), set())


async def test_every_role_gets_the_answer_the_table_gives(api: Api) -> None:
    openapi = (await api.http.get("/openapi.json")).json()
    found = await mismatches(api.http, openapi, ACCESS, EXAMPLES, requests(api), ("5107",))
    assert found == [], "\n".join(found)


async def test_no_one_reaches_another_owners_records(api: Api) -> None:
    owner, intruder = api.candidate(), api.candidate()
    application_id = await api.start(owner)
    url = f"/applications/{application_id}"
    uploaded = await api.http.post(f"{url}/evidence", files={"file": ("a.pdf", PDF)}, headers=owner)
    assert uploaded.status_code == 201, uploaded.text
    evidence_id = uploaded.json()["evidence_id"]
    operator = api.staff(Role.DISTRICT_OPERATOR)
    registered = await api.http.post(
        "/candidates",
        json={
            "client_id": str(uuid.uuid4()),
            "full_name": "Ni Luh Pemilik",
            "nik": "5107014506910002",
            "email": f"pemilik.{uuid.uuid4().hex[:8]}@example.id",
            "district_code": "5107",
        },
        headers=operator,
    )
    assert registered.status_code == 201, registered.text
    theirs = {"application_id": application_id, "evidence_id": evidence_id}
    candidate = {"candidate_id": registered.json()["candidate_id"]}
    owned = {
        name: candidate if "{candidate_id}" in name else theirs
        for name, rule in ACCESS.items()
        if Role.CANDIDATE in rule.owners
    }
    found = await owned_by_another(api.http, ACCESS, owned, intruder, Role.CANDIDATE, requests(api))

    uploaded_import = await api.http.post(
        "/cohort-imports", files={"file": ("c.csv", as_csv(staff_rows(2)))}, headers=operator
    )
    assert uploaded_import.status_code == 201, uploaded_import.text
    imports = {
        name: {"import_id": uploaded_import.json()["import_id"]}
        for name, rule in ACCESS.items()
        if Role.DISTRICT_OPERATOR in rule.owners
    }
    other_operator = api.staff(Role.DISTRICT_OPERATOR)
    found += await owned_by_another(
        api.http, ACCESS, imports, other_operator, Role.DISTRICT_OPERATOR
    )
    found += await owned_by_another(api.http, ACCESS, imports, api.staff(), Role.LSP_ADMIN)
    assert found == [], "\n".join(found)
    still = await api.http.get(url, headers=owner)
    assert still.status_code == 200 and still.json()["status"] == "draft"
