"""Fuzz the assessment HTTP API against its own OpenAPI schema (schemathesis): generated
requests, valid and invalid, for every operation, sent with the token of every role (each LSP
role of the seeded LSP, a candidate who is assigned, a district operator of the seeded
district). No request may cause a server error, and every answer must be what the schema says.

The service runs for real on a fresh schema of the test database, seeded first through its own
API by another instance on the test's loop (the cashier and treasurer banks published, a
verified site, a licensed assessor, a session with its candidates assigned), so lists answer
with real content that is checked against the schema. Schemathesis drives the ASGI app from its
own event-loop thread; the fuzzed service is started there by the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
import schemathesis
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import accepted, cashier_bank, session_body
from schemathesis.python import asgi

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
STARTS = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
CONFIG = {
    "seed": 10,  # deterministic: the same requests every run
    "generation": {
        # Fewer than registration's 30: every example is sent once per role (nine tokens).
        "max-examples": 12,
        "deterministic": True,
        "database": "none",
        # Query parameters the schema does not name are ignored, as HTTP APIs commonly do.
        "allow-extra-parameters": False,
    },
    "checks": {
        # Schema-valid is not acceptable here: an unknown scheme code, a window in the past,
        # an answer to a question not drawn are well-formed and answered 4xx naming the field.
        "positive_data_acceptance": {"enabled": False},
        # Starlette answers 405 with the methods of the first route matching the path only: a
        # framework limitation.
        "allow_header_conformance": {"enabled": False},
        # schemathesis' defaults plus 413: an over-long body is refused before it is read.
        "negative_data_rejection": {
            "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]
        },
    },
}

SERVICE = AssessmentService(load_settings(), database=TEST_DATABASE, run_relay=False)
APP = create_app(SERVICE, lifespan=SERVICE.lifespan)
schema = schemathesis.openapi.from_dict(APP.openapi(), config=schemathesis.Config.from_dict(CONFIG))
schema.app = APP  # what schemathesis.openapi.from_asgi sets, without starting the app to load it


async def seeded(name: str) -> UUID:
    """Content for the lists, written through the API by an instance on this loop; the
    candidate assigned to the session."""
    service = AssessmentService(load_settings(), schema=name, database=TEST_DATABASE,
                                run_relay=False)  # fmt: skip
    await service.start()
    try:
        await cashier_bank(service, LSP)
        transport = httpx.ASGITransport(app=create_app(service))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
            admin = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=LSP)
            assessor = await licensed_assessor(api, admin, uuid4(), STARTS.date())
            site = await verified_site(api, admin, STARTS.date())
            made = await api.post("/sessions", json=session_body(site, assessor, STARTS),
                                  headers=admin)  # fmt: skip
            assert made.status_code == 201, made.text
            applications = await accepted(service, LSP, 2, STARTS - timedelta(days=30))
            ids = [str(a.application_id) for a in applications]
            assigned = await api.post(f"/sessions/{made.json()['session_id']}/assignments",
                                      json={"application_ids": ids}, headers=admin)  # fmt: skip
            assert assigned.status_code == 200, assigned.text
        return applications[0].candidate_id
    finally:
        await service.stop()


def token(role: Role, candidate_id: UUID) -> dict[str, str]:
    if role is Role.CANDIDATE:
        return bearer_headers(role, candidate_id=candidate_id)
    if role is Role.DISTRICT_OPERATOR:
        return bearer_headers(role, districts=("5107",))
    return bearer_headers(role, lsp_id=None if role is Role.PARTNER else LSP)


@pytest.fixture(scope="module")
async def tokens() -> AsyncIterator[dict[Role, dict[str, str]]]:
    """Every role's token; the service runs for the module on a seeded schema."""
    async with fresh_schema("fuzz") as name:
        candidate_id = await seeded(name)
        SERVICE.schema = name
        try:
            with asgi.get_client(APP):  # starts the service (the app's lifespan)
                yield {role: token(role, candidate_id) for role in Role}
        finally:
            asgi.shutdown_lifespans()  # stops the service on schemathesis' loop


@schema.parametrize()
def test_no_generated_request_causes_a_server_error_or_an_answer_off_the_schema(
    case: Any, tokens: dict[Role, dict[str, str]]
) -> None:
    for headers in tokens.values():
        case.call_and_validate(headers=headers)
