"""Every service, tried as an attacker would, with the installation's real secrets configured
(not development mode): no forged or tampered token opens any operation, and no input however
formed reaches a 5xx. Each service takes part by declaring its access table."""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from assessment.api import access as assessment_access
from assessment.api.app import create_app as assessment_app
from certificate.api import access as certificate_access
from certificate.api.app import create_app as certificate_app
from certificate.issuance.adapters.signing_keys import KEYS as CERTIFICATE_KEYS
from eventkit import secrets, tokens
from kompeten_contracts.roles import Role
from registration.api import access as registration_access
from registration.api.app import create_app as registration_app
from servicekit.access import AccessTable, Rule
from servicekit.auth import bearer_headers
from servicekit.testing.access_matrix import call, operations, url
from servicekit.testing.hostile import (
    NON_FINITE,
    NUL_SPELLINGS,
    chunked,
    deeply_nested,
    forged_tokens,
    nul_body,
    oversized,
)

from ..conftest import Wiring
from ..services import (
    asgi_client,
    running_assessment,
    running_certificate,
    running_registration,
)

pytestmark = pytest.mark.integration
EXAMPLES = {"scheme_code": "KOP-KASIR", "version": "1", "code": "5107"}
Api = tuple[httpx.AsyncClient, AccessTable]


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AsyncIterator[None]:
    """Real, random secrets, as an operator configures them; no development mode."""
    monkeypatch.delenv(secrets.DEVELOPMENT, raising=False)
    monkeypatch.setenv("KOMPETEN_EVIDENCE_DIR", str(tmp_path))  # where assessment keeps files
    monkeypatch.setenv(secrets.TOKEN_KEYS, f"k1={base64.b64encode(os.urandom(32)).decode()}")
    for name in (secrets.MASTER_KEY, secrets.HASH_SECRET):
        monkeypatch.setenv(name, base64.b64encode(os.urandom(32)).decode())
    monkeypatch.setenv(CERTIFICATE_KEYS, f"c1={base64.b64encode(os.urandom(32)).decode()}")
    tokens.keys.cache_clear()
    yield
    monkeypatch.undo()
    tokens.keys.cache_clear()


@pytest.fixture
async def apis(wiring: Wiring, production: None) -> AsyncIterator[dict[str, Api]]:
    async with (
        running_registration(wiring, run_relay=False) as registration,
        running_assessment(wiring) as assessment,
        running_certificate(wiring) as certificate,
        asgi_client(registration_app(registration)) as reg,
        asgi_client(assessment_app(assessment)) as ass,
        asgi_client(certificate_app(certificate)) as cert,
    ):
        yield {
            "registration": (reg, registration_access.ACCESS),
            "assessment": (ass, assessment_access.ACCESS),
            "certificate": (cert, certificate_access.ACCESS),
        }


def caller(rule: Rule) -> dict[str, str]:
    """A token of a role the rule allows (none for public operations)."""
    if rule.roles is None:
        return {}
    role = sorted(rule.roles)[0]
    return bearer_headers(role, candidate_id=uuid4() if role is Role.CANDIDATE else None)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # short on purpose
async def test_no_forged_or_tampered_token_opens_any_operation(apis: dict[str, Api]) -> None:
    opened = []
    for service, (client, access) in apis.items():
        openapi = (await client.get("/openapi.json")).json()
        for operation in operations(openapi):
            if access[operation.name].public:
                continue
            path = url(operation, EXAMPLES)
            for what, token in forged_tokens():
                headers = {"Authorization": f"Bearer {token}"}
                response = await call(client, operation, path, headers, {})
                if response.status_code != 401:
                    opened.append(f"{service} {operation.name} with {what}: {response.status_code}")
    assert opened == [], "\n".join(opened)
    reg, _ = apis["registration"]
    control = await reg.get("/staff/schemes", headers=bearer_headers(Role.LSP_ADMIN))
    assert control.status_code == 200  # the installation's own key does open it


def json_operations(openapi: dict[str, Any]) -> list[Any]:
    found = []
    for operation in operations(openapi):
        spec = openapi["paths"][operation.path][operation.method.lower()]
        if "application/json" in spec.get("requestBody", {}).get("content", {}):
            found.append(operation)
    return found


async def test_no_input_however_formed_reaches_a_5xx(apis: dict[str, Api]) -> None:
    failures = []
    for service, (client, access) in apis.items():
        openapi = (await client.get("/openapi.json")).json()
        for operation in operations(openapi):
            headers = caller(access[operation.name])
            path = url(operation, EXAMPLES)
            query = await client.request(operation.method, f"{path}?q=a%00b", headers=headers)
            if query.status_code != 422:
                failures.append(f"{service} {operation.name} NUL in query: {query.status_code}")
        for operation in json_operations(openapi):
            headers = caller(access[operation.name])
            path = url(operation, EXAMPLES)
            attempts: list[tuple[str, dict[str, Any], str]] = [
                *((f"NUL as {t}", {"content": nul_body()}, t) for t in NUL_SPELLINGS),
                *((f"non-finite {b!r}", {"content": b}, "application/json") for b in NON_FINITE),
                ("deep nesting", {"content": deeply_nested()}, "application/json"),
                ("chunked 2 MB", {"content": chunked(oversized())}, "application/json"),
            ]
            for what, body, content_type in attempts:
                response = await client.request(
                    operation.method,
                    path,
                    headers={**headers, "Content-Type": content_type},
                    **body,
                )
                answered = response.status_code
                named = answered < 500 and response.json()["errors"][0]["field"]
                if not 400 <= answered < 500 or not named:
                    failures.append(f"{service} {operation.name} {what}: {answered}")
    assert failures == [], "\n".join(failures)
