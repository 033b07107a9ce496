"""A candidate can never reach another candidate's data, by id or by guessing: the answer is the
same 404 as for an id that does not exist. Tokens that were not signed by the service, or have
expired, are refused (401). Staff read any candidate.

The candidates are real: signed up by a code read from the SMTP sink, registered with their own
token, which then carries their candidate id."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from eventkit.testing.infra import fresh_schema
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, bearer_headers, issue_token

from .conftest import bearer, events, http, new_email, running, signed_in

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Candidate:
    candidate_id: str
    account_id: str
    headers: dict[str, str]


@dataclass(frozen=True)
class World:
    api: httpx.AsyncClient
    schema: str
    ayu: Candidate
    made: Candidate


async def registered(api: httpx.AsyncClient, name: str, nik: str) -> Candidate:
    session = await signed_in(api, new_email(name.split()[-1].lower()), sign_up=True)
    body = {"client_id": str(uuid.uuid4()), "full_name": name, "nik": nik, "district_code": "5107"}
    created = await api.post("/candidates", json=body, headers=bearer(session["token"]))
    assert created.status_code == 201, created.text
    reply = created.json()
    return Candidate(reply["candidate_id"], session["account_id"], bearer(reply["token"]))


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    # One pair of candidates for the module: every test here only reads, or is refused.
    async with fresh_schema("reg") as schema, running(schema) as service, http(service) as api:
        ayu = await registered(api, "Ni Luh Ayu Wulandari", "5107015203880002")
        made = await registered(api, "I Made Suardana", "5107010707850003")
        yield World(api, schema, ayu, made)


OTHER_SECRET = "a-secret-that-is-not-the-services-own-32+"


def forged(claims: dict[str, Any]) -> str:
    claims = {"exp": datetime.now(UTC) + timedelta(hours=1), **claims}
    return jwt.encode(claims, OTHER_SECRET, algorithm="HS256")


def ayu_claiming_made(world: World) -> str:
    return forged(
        {"sub": world.ayu.account_id, "role": "candidate", "cid": world.made.candidate_id}
    )


def ayu_claiming_staff(world: World) -> str:
    return forged({"sub": world.ayu.account_id, "role": "lsp_admin"})


def unsigned(world: World) -> str:
    claims = {
        "sub": world.ayu.account_id,
        "role": "lsp_admin",
        "exp": datetime.now(UTC) + timedelta(hours=1),
    }
    return jwt.encode(claims, key=None, algorithm="none")


def expired(world: World) -> str:
    made = Principal(
        uuid.UUID(world.made.account_id), Role.CANDIDATE, uuid.UUID(world.made.candidate_id)
    )
    return issue_token(made, ttl=timedelta(seconds=-1))


async def test_a_candidate_reads_their_own_profile_and_no_one_elses(world: World) -> None:
    own = await world.api.get(f"/candidates/{world.ayu.candidate_id}", headers=world.ayu.headers)
    assert own.status_code == 200, own.text
    assert own.json()["full_name"] == "Ni Luh Ayu Wulandari"

    other = await world.api.get(f"/candidates/{world.made.candidate_id}", headers=world.ayu.headers)
    unknown = await world.api.get(f"/candidates/{uuid.uuid4()}", headers=world.ayu.headers)
    assert other.status_code == unknown.status_code == 404
    assert other.json() == unknown.json()  # nothing tells that the other id exists
    assert other.json()["errors"][0]["field"] == "candidate_id"
    assert "Suardana" not in other.text and "5107010707850003" not in other.text


async def test_guessed_ids_all_answer_the_same_404(world: World) -> None:
    answers = [
        await world.api.get(f"/candidates/{uuid.uuid4()}", headers=world.ayu.headers)
        for _ in range(20)
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1


async def test_a_candidate_cannot_erase_another(world: World) -> None:
    before = len(await events(world.schema))
    erase = await world.api.post(
        f"/candidates/{world.made.candidate_id}/erasure", headers=world.ayu.headers
    )
    assert erase.status_code == 404, erase.text
    assert len(await events(world.schema)) == before
    still = await world.api.get("/candidates/me", headers=world.made.headers)
    assert still.status_code == 200 and not still.json()["erased"]


@pytest.mark.parametrize("token", [ayu_claiming_made, ayu_claiming_staff, unsigned, expired])
async def test_a_token_not_signed_by_the_service_or_expired_is_refused(
    world: World, token: Callable[[World], str]
) -> None:
    headers = bearer(token(world))
    for path in (f"/candidates/{world.made.candidate_id}", "/candidates/me"):
        refused = await world.api.get(path, headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.json()["errors"][0]["field"] == "Authorization"
        assert refused.headers["WWW-Authenticate"] == "Bearer"
        assert "Suardana" not in refused.text


@pytest.mark.parametrize(("role", "districts"), [(Role.DISTRICT_OPERATOR, ("5107", "5108"))])
async def test_staff_whose_job_needs_it_read_a_candidate_and_the_read_is_recorded(
    world: World, role: Role, districts: tuple[str, ...]
) -> None:
    """An operator of the candidate's district (an LSP's admins read those who applied to
    their LSP: test_tenancy)."""
    reader = uuid.uuid4()
    headers = bearer_headers(role, account_id=reader, districts=districts)
    seen = await world.api.get(f"/candidates/{world.made.candidate_id}", headers=headers)
    assert seen.status_code == 200, seen.text
    assert (seen.json()["full_name"], seen.json()["nik"]) == (
        "I Made Suardana",
        "5107010707850003",
    )
    mine = await world.api.get("/candidates/me/personal-data-reads", headers=world.made.headers)
    assert mine.status_code == 200, mine.text
    recorded = [r for r in mine.json() if r["reader_id"] == str(reader)]
    assert [(r["reader_role"], r["what"]) for r in recorded] == [(role.value, "profile")]
    # An LSP's admins read this record for the people who applied to their LSP: test_tenancy.


async def test_an_operator_of_another_district_reads_no_candidate_of_this_one(
    world: World,
) -> None:
    elsewhere = bearer_headers(Role.DISTRICT_OPERATOR, districts=("3273",))
    seen = await world.api.get(f"/candidates/{world.made.candidate_id}", headers=elsewhere)
    assert seen.status_code == 404 and "Suardana" not in seen.text


@pytest.mark.parametrize(
    "role",
    [Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER, Role.PARTNER, Role.TRAINING_PROVIDER],
)
async def test_assessment_staff_and_partners_read_no_personal_data_here(
    world: World, role: Role
) -> None:
    seen = await world.api.get(
        f"/candidates/{world.made.candidate_id}", headers=bearer_headers(role)
    )
    assert seen.status_code == 403 and "Suardana" not in seen.text
    before = await world.api.get("/candidates/me/personal-data-reads", headers=world.made.headers)
    assert all(r["reader_role"] != role.value for r in before.json())


async def test_a_candidate_never_reaches_another_candidates_application(world: World) -> None:
    started = await world.api.post(
        "/applications", json={"client_id": str(uuid.uuid4())}, headers=world.made.headers
    )
    assert started.status_code == 201, started.text
    application_id = started.json()["application_id"]
    draft = {"apl01": {"personal": {"full_name": "I Made Suardana"}}}
    url = f"/applications/{application_id}"
    saved = await world.api.put(f"{url}/draft", json={"draft": draft}, headers=world.made.headers)
    assert saved.status_code == 200, saved.text
    before = len(await events(world.schema))

    for target in (application_id, str(uuid.uuid4())):
        for method, path, body in (
            ("GET", f"/applications/{target}", None),
            ("GET", f"/applications/{target}/draft", None),
            ("PUT", f"/applications/{target}/draft", {"draft": {"apl01": {}}}),
        ):
            answer = await world.api.request(method, path, json=body, headers=world.ayu.headers)
            assert answer.status_code == 404, (method, path, answer.text)
            assert answer.json()["errors"][0]["field"] == "application_id"
            assert "Suardana" not in answer.text
    assert (await world.api.get("/applications", headers=world.ayu.headers)).json() == []
    assert len(await events(world.schema)) == before
    mine = await world.api.get(f"{url}/draft", headers=world.made.headers)
    assert mine.json() == {"draft": draft}
