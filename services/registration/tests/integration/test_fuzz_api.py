"""Fuzz the registration HTTP API against its own OpenAPI schema (schemathesis): generated
requests, valid and invalid, for every operation, signed in as the role the operation is for.
No request may cause a server error, and every answer must be what the schema says.

The service runs for real on a fresh schema of the test database, with the catalogue seeded and
a registered candidate, so reads answer with real content that is checked against the schema.
Schemathesis drives the ASGI app from its own event-loop thread; the service is started there
by the app's lifespan, so its connection pool lives on the loop that serves the requests."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import schemathesis
from schemathesis.python import asgi

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema
from kompeten_contracts.roles import Role
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration

# An operation is fuzzed as the role it exists for: a candidate for their own applications and
# profile, an LSP admin (who may do everything else) for the rest.
CANDIDATE_OPERATIONS = {
    ("POST", "/applications"),
    ("GET", "/applications"),
    ("GET", "/applications/{application_id}/draft"),
    ("PUT", "/applications/{application_id}/draft"),
    ("POST", "/applications/{application_id}/submission"),
    ("POST", "/applications/{application_id}/evidence"),
    ("GET", "/candidates/me"),
}
CONFIG = {
    "seed": 4,  # deterministic: the same requests every run
    "generation": {
        "max-examples": 30,
        "deterministic": True,
        "database": "none",
        # Query parameters the schema does not name are ignored, as HTTP APIs commonly do;
        # sending them is not bad input the API must refuse.
        "allow-extra-parameters": False,
    },
    "checks": {
        # Schema-valid is not the same as acceptable here: a wrong code, a NIK with an impossible
        # birth date, an unpublished scheme are all well-formed and answered 422 naming the field.
        "positive_data_acceptance": {"enabled": False},
        # Starlette answers 405 with the methods of the first route matching the path only
        # (GET /schemes says `Allow: GET` though POST /schemes exists): a framework limitation.
        "allow_header_conformance": {"enabled": False},
        # schemathesis' defaults plus 413: an over-long body is refused before it is read.
        "negative_data_rejection": {
            "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]
        },
    },
}


async def seeded(schema: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "registration.seed", "--schema", schema, "--database", TEST_DATABASE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0, out.decode()


# Built at import, started by nothing: the fixture gives the service its fresh database schema,
# and the app's lifespan starts it on schemathesis' event-loop thread at the first request.
SERVICE = RegistrationService(load_settings(), database=TEST_DATABASE, run_relay=False)
APP = create_app(SERVICE, lifespan=SERVICE.lifespan)
schema = schemathesis.openapi.from_dict(APP.openapi(), config=schemathesis.Config.from_dict(CONFIG))
schema.app = APP  # what schemathesis.openapi.from_asgi sets, without starting the app to load it
ADMIN = bearer_headers(Role.LSP_ADMIN)


@pytest.fixture(scope="module")
async def candidate() -> AsyncIterator[dict[str, str]]:
    """A registered candidate's token; the service runs for the module on a seeded schema."""
    async with fresh_schema("fuzz") as name:
        await seeded(name)
        SERVICE.schema = name
        try:
            with asgi.get_client(APP) as client:  # starts the service (the app's lifespan)
                registered = client.post("/candidates", headers=ADMIN, json={
                    "client_id": str(uuid.uuid4()), "full_name": "Ni Komang Sri Utami",
                    "nik": "5107014506910001", "email": "sri.utami@example.id",
                    "district_code": "5107",
                })  # fmt: skip
            assert registered.status_code == 201, registered.text
            candidate_id = uuid.UUID(registered.json()["candidate_id"])
            yield bearer_headers(Role.CANDIDATE, candidate_id=candidate_id)
        finally:
            asgi.shutdown_lifespans()  # stops the service on schemathesis' loop


@schema.parametrize()
def test_no_generated_request_causes_a_server_error_or_an_answer_off_the_schema(
    case: Any, candidate: dict[str, str]
) -> None:
    operation = (case.method.upper(), case.path)
    case.call_and_validate(headers=candidate if operation in CANDIDATE_OPERATIONS else ADMIN)
