"""Fuzz the certificate HTTP API against its own OpenAPI schema (schemathesis): generated
requests, valid and invalid, for every operation, sent with the token of every role the access
table lets call it (the seeded LSP's staff, the holder, a district operator, a partner; none for
the public operations). No request may cause a server error, every answer must be what the
schema says (status, media type and body: JSON, the verification pages' HTML, the PDF, XLSX and
PNG downloads, the VC-JOSE credential and status lists), and every JSON 4xx is the kit's error
body naming the field.

The service runs for real on a fresh schema of the test database and a key store of its own
(certificate_stack), seeded first by another instance on the test's loop: a certificate decided,
issued to a named holder and released, its session's decision document, the LSP's print profile
and a print batch. Every generated case is sent as generated (random ids: the 404 paths), and a
valid one once more with the seeded ids in its path, so the downloads, pages and changes answer
with real content that is checked against the schema too. Schemathesis drives the ASGI app from
its own event-loop thread; the fuzzed service is started there by the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import pytest
import schemathesis
from certificate_stack import (
    api_of,
    decision_maker,
    lsp_admin,
    publish,
    stack_settings,
)
from printing_cases import PROFILE, scheme_version
from released_cases import released
from schemathesis.python import asgi

from certificate.api.access import ACCESS
from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from eventkit.settings import load_settings
from eventkit.testing.infra import fresh_schema
from eventkit.testing.key_store import fresh_key_store
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
CONFIG = {
    "seed": 11,  # deterministic: the same requests every run
    "generation": {
        # A case goes once per role allowed, and a valid one again on the seeded ids: 20 keep
        # the run near 35 s on this machine (80, tried with other seeds, found nothing more).
        "max-examples": 20,
        "deterministic": True,
        "database": "none",
        # Query parameters the schema does not name are ignored, as HTTP APIs commonly do.
        "allow-extra-parameters": False,
    },
    "checks": {
        # Schema-valid is not acceptable here: a certificate not released, a reason code that
        # does not fit its change, a collection day in the future are well-formed and answered
        # 4xx naming the field.
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

# Built at import, started by nothing: the fixture gives it its seeded schema and key store, and
# the app's lifespan starts it on schemathesis' event-loop thread at the first request.
SERVICE = CertificateService(load_settings(), run_relay=False)
APP = create_app(SERVICE, lifespan=SERVICE.lifespan)
schema = schemathesis.openapi.from_dict(APP.openapi(), config=schemathesis.Config.from_dict(CONFIG))
schema.app = APP  # what schemathesis.openapi.from_asgi sets, without starting the app to load it


# Each operation that changes a certificate gets one of its own (a withdrawal is final): the
# reads and downloads keep theirs released and valid.
CHANGES = ("suspension", "reinstatement", "withdrawal", "replacement", "duplicates", "collection")


async def seeded(service: CertificateService) -> dict[str, Any]:
    """Released certificates of named holders in one session (one kept, one per change), the
    session's decision document, the print profile and the session's print batch printed: the
    ids the seeded cases put in their paths."""
    admin, session_id = lsp_admin(LSP), uuid4()
    await publish(service.registration_topic, [scheme_version(LSP)])
    async with api_of(service) as api:
        assert (await api.put("/print-profile", json=PROFILE, headers=admin)).status_code == 200
        kept, *changed = [
            await released(service, api, LSP, "Ni Luh Putu Ayu", session_id=session_id)
            for _ in range(1 + len(CHANGES))
        ]
        suspended = await api.post(  # what the reinstatement's own certificate needs
            f"/certificates/{changed[CHANGES.index('reinstatement')]['certificate_id']}/suspension",
            json={"reason": "misuse_suspected"}, headers=admin,
        )  # fmt: skip
        assert suspended.status_code == 200, suspended.text
        session = f"/sessions/{session_id}"
        document = await api.post(f"{session}/decision-document", headers=decision_maker(LSP))
        assert document.status_code == 200, document.text
        asked = await api.post("/print-batches", json={"session_id": str(session_id)},
                               headers=admin)  # fmt: skip
        assert asked.status_code == 201, asked.text
        batch = f"/print-batches/{asked.json()['batch_id']}"

        async def printed() -> bool:
            return (await api.get(batch, headers=admin)).json()["state"] == "printed"

        await wait_until(printed, timeout=60, what="the session's print file")
    return {
        "candidate_id": UUID(kept["candidate_id"]),
        "path": {
            "attempt_id": kept["attempt_id"],
            "certificate_id": kept["certificate_id"],
            "session_id": str(session_id),
            "batch_id": asked.json()["batch_id"],
            "lsp_id": str(LSP),
            "token": kept["token"],
            "code": kept["district_code"],
            "version": 1,
        },
        "changed": {
            f"POST /certificates/{{certificate_id}}/{change}": c["certificate_id"]
            for change, c in zip(CHANGES, changed, strict=True)
        },
    }


def token(role: Role, candidate_id: UUID) -> dict[str, str]:
    if role is Role.CANDIDATE:
        return bearer_headers(role, candidate_id=candidate_id)
    if role is Role.DISTRICT_OPERATOR:
        return bearer_headers(role, districts=("5107",))
    return bearer_headers(role, lsp_id=None if role is Role.PARTNER else LSP)


@pytest.fixture(scope="module")
async def seeds() -> AsyncIterator[dict[str, Any]]:
    """Every role's token and the seeded ids; the service runs for the module on the schema and
    key store a seeding instance (consuming, on this loop) filled."""
    async with fresh_schema("fuzz") as name, fresh_key_store() as keys:
        seeder = CertificateService(load_settings(), **stack_settings(name, keys.location))
        await seeder.start()
        try:
            found = await seeded(seeder)
        finally:
            await seeder.stop()
        for setting, value in stack_settings(name, keys.location, consume=False).items():
            setattr(SERVICE, setting, value)
        SERVICE.keys = seeder.keys  # the key set that signed the seeded certificate
        try:
            with asgi.get_client(APP):  # starts the service (the app's lifespan)
                yield {
                    "path": found["path"],
                    "changed": found["changed"],
                    "tokens": {role: token(role, found["candidate_id"]) for role in Role},
                }
        finally:
            asgi.shutdown_lifespans()  # stops the service on schemathesis' loop


def error_body_names_a_field(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every JSON refusal is the kit's error body: at least one problem, each naming its field
    with the reason in Bahasa Indonesia and English (the pages' HTML refusals are documented
    as HTML and checked by the schema)."""
    if not 400 <= response.status_code < 500:
        return None
    if not response.headers.get("content-type", [""])[0].startswith("application/json"):
        return None
    problems = response.json().get("errors")
    assert problems, f"{response.status_code} without errors: {response.text[:200]}"
    for problem in problems:
        assert problem.get("field") and problem.get("reason") and problem.get("reason_en"), problem
    return True


def allowed(case: Any, tokens: dict[Role, dict[str, str]]) -> list[dict[str, str]]:
    rule = ACCESS[f"{case.operation.method.upper()} {case.operation.path}"]
    if rule.roles is None:
        return [{}]
    return [tokens[role] for role in sorted(rule.roles, key=lambda r: r.value)]


def valid(case: Any) -> bool:
    meta = case._meta
    return meta is None or not meta.generation.mode.is_negative


@schema.parametrize()
def test_no_generated_request_causes_a_server_error_or_an_answer_off_the_schema(
    case: Any, seeds: dict[str, Any]
) -> None:
    if case.path == "/health":
        case.call_and_validate()
        return
    checks = [error_body_names_a_field]
    for headers in allowed(case, seeds["tokens"]):
        case.call_and_validate(headers=headers, additional_checks=checks)
    known = {k: v for k, v in seeds["path"].items() if k in (case.path_parameters or {})}
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    if operation in seeds["changed"]:
        known["certificate_id"] = seeds["changed"][operation]
    if known and valid(case):
        case.path_parameters = {**case.path_parameters, **known}
        for headers in allowed(case, seeds["tokens"]):
            case.call_and_validate(headers=headers, additional_checks=checks)
