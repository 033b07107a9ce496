"""Assessment's API answers only the LSP staff who plan assessments, signed in through
registration: a session token signed with the shared secret, naming a planner's role. Anyone
else is refused in the project's error shape, naming the field; nothing is read for them.

Real PostgreSQL and Kafka: the service runs on a fresh schema of the test database; the rows it
serves are written through its own read-model adapters, as its consumer would write them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import jwt
import pytest

from assessment.api.access import ACCESS
from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.intake.application.ports import PooledCandidate
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.tokens import Claims, issue
from servicekit.testing.access_matrix import mismatches, undeclared

pytestmark = pytest.mark.integration
AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
PLANNERS = ["lsp_admin", "assessor", "test_site_head", "decision_maker"]
OTHERS = ["candidate", "district_operator", "partner", "training_provider"]


@dataclass(frozen=True)
class World:
    api: httpx.AsyncClient
    candidate_id: UUID
    application_id: UUID

    def paths(self) -> list[str]:
        return [
            f"/candidates/{self.candidate_id}",
            "/candidates?district_code=5107",
            f"/applications/{self.application_id}",
            "/applications?district_code=5107",
            "/banks",
            "/banks/KOP-KASIR/versions/1",
            "/training/status?district_code=5107&scheme_code=KOP-KASIR",
        ]


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    async with fresh_schema("ass") as schema:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
        )
        await service.start()
        try:
            candidate = PooledCandidate(uuid4(), "5107", AT)
            application = AcceptedApplication(
                uuid4(), candidate.candidate_id, "SKM-KSP-01", 1, "pengurus", uuid4(), "5107",
                [], AT + timedelta(days=3),
            )  # fmt: skip
            async with service.pool.acquire() as conn, conn.transaction():
                await service.pooled().add(conn, candidate)
                await service.accepted().add(conn, application)
            app = create_app(service)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://ass.test") as api:
                yield World(api, candidate.candidate_id, application.application_id)
        finally:
            await service.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in_as(role: str, ttl: timedelta = timedelta(hours=1)) -> dict[str, str]:
    candidate_id = uuid4() if role == "candidate" else None
    return bearer(issue(Claims(uuid4(), role, candidate_id), ttl))


def one_error(response: httpx.Response, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    assert error["field"] == field
    assert error["reason"] and error["reason_en"] and error["reason"] != error["reason_en"]
    return error


@pytest.mark.parametrize("role", PLANNERS)
async def test_a_planner_reads_the_pool_and_the_accepted_applications(
    world: World, role: str
) -> None:
    headers = signed_in_as(role)
    candidate = await world.api.get(f"/candidates/{world.candidate_id}", headers=headers)
    assert candidate.status_code == 200, candidate.text
    assert candidate.json()["district_code"] == "5107"

    pooled = await world.api.get("/candidates?district_code=5107", headers=headers)
    assert [c["candidate_id"] for c in pooled.json()] == [str(world.candidate_id)]

    application = await world.api.get(f"/applications/{world.application_id}", headers=headers)
    assert application.status_code == 200, application.text
    assert application.json()["candidate_id"] == str(world.candidate_id)

    accepted = await world.api.get("/applications?district_code=5107", headers=headers)
    assert [a["application_id"] for a in accepted.json()] == [str(world.application_id)]


OTHER_SECRET = "a-secret-that-is-not-the-services-own-32+"


def claims(role: str = "assessor") -> dict[str, Any]:
    return {"sub": str(uuid4()), "role": role, "exp": datetime.now(UTC) + timedelta(hours=1)}


NOT_SIGNED_IN = {
    "no header": {},
    "not a bearer": {"Authorization": "Basic YXNzZXNzb3I6cmFoYXNpYQ=="},
    "malformed": bearer("not-a-token"),
    "the old static token": bearer("dev-staff-token"),
    "expired": signed_in_as("assessor", ttl=timedelta(seconds=-1)),
    "another secret": bearer(jwt.encode(claims(), OTHER_SECRET, algorithm="HS256")),
    "unsigned": bearer(jwt.encode(claims(), key=None, algorithm="none")),
    "an unknown role": signed_in_as("superuser"),
}


@pytest.mark.parametrize("how", NOT_SIGNED_IN)
async def test_without_a_valid_token_the_answer_is_401_naming_authorization(
    world: World, how: str
) -> None:
    for path in world.paths():
        response = await world.api.get(path, headers=NOT_SIGNED_IN[how])
        one_error(response, 401, "Authorization")
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert str(world.candidate_id) not in response.text


@pytest.mark.parametrize("role", OTHERS)
async def test_a_role_that_does_not_plan_assessments_gets_403(world: World, role: str) -> None:
    for path in world.paths():
        response = await world.api.get(path, headers=signed_in_as(role))
        error = one_error(response, 403, "Authorization")
        assert role in error["reason_en"]
        assert str(world.candidate_id) not in response.text


async def test_an_id_assessment_has_not_received_is_404_naming_the_path_field(
    world: World,
) -> None:
    assessor = signed_in_as("assessor")
    candidate = await world.api.get(f"/candidates/{uuid4()}", headers=assessor)
    assert one_error(candidate, 404, "candidate_id")["reason"] == "kandidat belum diterima"
    application = await world.api.get(f"/applications/{uuid4()}", headers=assessor)
    assert one_error(application, 404, "application_id")["reason"] == "permohonan belum diterima"


async def test_bad_input_and_unknown_paths_answer_in_the_same_shape(world: World) -> None:
    assessor = signed_in_as("assessor")
    district = await world.api.get("/candidates?district_code=51", headers=assessor)
    assert one_error(district, 422, "district_code")["reason"] == "format tidak sesuai"
    not_a_uuid = await world.api.get("/applications/123", headers=assessor)
    assert one_error(not_a_uuid, 422, "application_id")["reason"] == "harus berupa UUID"
    assert (await world.api.get("/nowhere", headers=assessor)).json()["errors"]


async def test_health_needs_no_token(world: World) -> None:
    assert (await world.api.get("/health")).json() == {"status": "ok"}


# Path values that are not UUIDs, and well-formed bodies where an owner check must not hide
# behind a 422.
EXAMPLES = {"scheme_code": "KOP-KASIR", "code": "5107", "content_hash": "ab" * 32}
REQUESTS = {
    "POST /assessors/{assessor_id}/relations": {"json": {"kind": "family",
                                                         "candidate_id": str(uuid4())}},
    "POST /assessors/{assessor_id}/unavailability": {"json": {"dates": ["2099-01-02"]}},
    "POST /exams/{attempt_id}/answers": {"json": {"written_through": 0, "answers": []}},
    "POST /sessions/{session_id}/capture": {"json": {"records": []}},
    "PUT /training/requirements/{scheme_code}": {"json": {"modules": [
        {"code": "KAS-01", "title": "Dasar-dasar Perkoperasian"}]}},
    "POST /training/completions": {"json": {"completions": [{
        "client_id": str(uuid4()), "candidate_id": str(uuid4()), "scheme_code": "KOP-KASIR",
        "module_code": "KAS-01", "completed_on": "2026-05-01", "provider_ref": "BLK/01"}]}},
    "POST /training/completions/imports": {"files": {"file": ("diklat.xlsx", b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}},
    "POST /appeals": {"json": {"attempt_id": str(uuid4()), "client_id": str(uuid4()),
                               "grounds": "Jaringan terputus selama ujian berlangsung."}},
    "POST /appeals/{appeal_id}/reviewer": {"json": {"reviewer_id": str(uuid4())}},
    "POST /appeals/{appeal_id}/decision": {"json": {"outcome": "upheld",
                                                    "reasons": "Bukti gangguan jaringan cukup."}},
    "POST /exams/{attempt_id}/consent": {"json": {"terms_version": "AK.01-000000000000"}},
    "POST /attempts/{attempt_id}/consent": {"json": {"terms_version": "AK.01-000000000000"}},
    "PUT /attempts/{attempt_id}/consultation": {"json": {"held_on": "2026-11-20",
                                                         "notes": "Konsultasi pra-asesmen"}},
    "PUT /attempts/{attempt_id}/adjustments": {"json": {"adjustments": []}},
    "PUT /sessions/{session_id}/plan": {"json": {"units": {"M.649000.011.01": ["IA.05"]}}},
    "POST /sessions/{session_id}/cancel": {"json": {"reason": "force_majeure"}},
    "POST /sessions/{session_id}/reschedule": {"json": {
        "starts_at": "2099-01-02T01:00:00Z", "ends_at": "2099-01-02T04:00:00Z",
        "reason": "site_unavailable"}},
    "POST /sessions/{session_id}/evidence": {"files": {"file": ("foto.jpg",
        b"\xff\xd8\xff\xe0" + bytes(64), "image/jpeg")}},
}  # fmt: skip


async def test_every_operation_is_declared_and_answers_as_the_access_table_says(
    world: World,
) -> None:
    openapi = (await world.api.get("/openapi.json")).json()
    assert undeclared(openapi, ACCESS) == (set(), set())
    # A district operator works in the example district (progress): 200, not their 403.
    found = await mismatches(world.api, openapi, ACCESS, EXAMPLES, REQUESTS, districts=("5107",))
    assert found == [], "\n".join(found)


async def test_an_lsps_planners_do_not_see_applications_made_to_another_lsp(
    world: World,
) -> None:
    other_lsp = bearer(issue(Claims(uuid4(), "assessor", None, (), uuid4())))
    one = await world.api.get(f"/applications/{world.application_id}", headers=other_lsp)
    one_error(one, 404, "application_id")
    listed = await world.api.get("/applications?district_code=5107", headers=other_lsp)
    assert listed.status_code == 200 and listed.json() == []
