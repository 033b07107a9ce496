"""After erasure nothing of the person can be undone or reached through their sessions: every
token they hold is refused at once, in every process; nothing is written for them afterwards;
and staff reading their records get the records without the personal data, or 410, never 5xx."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.access import ACCESS
from servicekit.testing.access_matrix import call, operations, url

from .conftest import Api, http, running

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\n% ijazah SMA\n"


async def erased_applicant(api: Api) -> tuple[dict[str, str], dict[str, str]]:
    """A registered candidate with a draft, a submitted application and evidence, erased; the
    token they held and the ids of their records."""
    operator = api.staff(Role.DISTRICT_OPERATOR)
    registered = await api.http.post(
        "/candidates",
        json={
            "client_id": str(uuid.uuid4()),
            "full_name": "Ni Komang Hapus",
            "nik": "5107014506910001",  # as in the sample APL-01 it submits
            "email": f"hapus.{uuid.uuid4().hex[:8]}@example.id",
            "district_code": "5107",
        },
        headers=operator,
    )
    candidate_id = registered.json()["candidate_id"]
    token = api.candidate_of(uuid.UUID(candidate_id))
    application_id = await api.start(token)
    base = f"/applications/{application_id}"
    evidence = await api.http.post(
        f"{base}/evidence", files={"file": ("a.pdf", PDF)}, headers=token
    )
    draft = await api.http.put(f"{base}/draft", json={"draft": {"x": "y"}}, headers=token)
    submitted = await api.http.post(f"{base}/submission", json=api.submission(), headers=token)
    assert (evidence.status_code, draft.status_code) == (201, 200)
    assert submitted.status_code == 200, submitted.text

    async def applied() -> bool:  # the LSP's admins know an applicant once the queue has them
        seen = await api.http.get(f"/candidates/{candidate_id}", headers=api.staff())
        return seen.status_code == 200

    await wait_until(applied, timeout=10, what="the application in the LSP's queue")
    erased = await api.http.post(f"/candidates/{candidate_id}/erasure", headers=token)
    assert erased.status_code == 200, erased.text
    ids = {
        "candidate_id": candidate_id,
        "application_id": application_id,
        "evidence_id": evidence.json()["evidence_id"],
    }
    return token, ids


async def test_every_operation_refuses_the_erased_persons_token_and_writes_nothing(
    api: Api,
) -> None:
    token, ids = await erased_applicant(api)
    before = await api.events()
    openapi = (await api.http.get("/openapi.json")).json()
    answered = {}
    for operation in operations(openapi):
        if ACCESS[operation.name].public:
            continue
        response = await call(api.http, operation, url(operation, ids), token, {})
        answered[operation.name] = response.status_code
    assert set(answered.values()) == {401}, answered
    assert await api.events() == before


async def test_staff_read_every_record_of_an_erased_person_without_a_5xx(api: Api) -> None:
    _, ids = await erased_applicant(api)
    admin = api.staff()
    paths = [
        f"/candidates/{ids['candidate_id']}",
        f"/applications/{ids['application_id']}",
        f"/applications/{ids['application_id']}/evidence/{ids['evidence_id']}",
        "/verification/queue",
    ]
    for path in paths:
        response = await api.http.get(path, headers=admin)
        assert response.status_code in (200, 410), (path, response.status_code, response.text)
        if response.status_code == 410:
            assert response.json()["errors"][0]["field"]
    decided = await api.http.post(
        f"/applications/{ids['application_id']}/return",
        json={"client_id": str(uuid.uuid4()), "reasons": [{"field": "x", "reason": "y"}]},
        headers=admin,
    )
    assert decided.status_code < 500, decided.text


async def test_another_process_refuses_the_token_once_the_erasure_commits(
    api: Api,
) -> None:
    async with running(api.schema) as other, http(other) as second:
        token, _ = await erased_applicant(api)

        async def refused() -> bool:
            answer: Any = await second.get("/candidates/me", headers=token)
            return bool(answer.status_code == 401)

        await wait_until(refused, timeout=10, what="the other process refusing the token")
        still: httpx.Response = await second.get("/candidates/me", headers=api.candidate())
        assert still.status_code == 404  # other candidates' sessions go on
