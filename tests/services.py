"""Start and stop the services in-process against a test Wiring."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx

from assessment.bootstrap import AssessmentService
from assessment.consumers import personal_data as assessment_personal_data
from assessment.consumers import registration_events
from certificate.bootstrap import CertificateService
from certificate.consumers import assessment_events, personal_data
from certificate.consumers import registration_events as certificate_registration_events
from eventkit.key_store import KeyStoreLocation
from eventkit.testing.infra import unique_topic
from kompeten_contracts.roles import Role
from registration.bootstrap import RegistrationService
from registration.seed import DEMO_LSPS, demo_lsp_id
from servicekit.auth import bearer_headers
from servicekit.testing.services import started


@contextlib.asynccontextmanager
async def running_registration(
    wiring: Any, run_relay: bool = True
) -> AsyncIterator[RegistrationService]:
    service = RegistrationService(
        wiring.settings,
        schema=wiring.registration_schema,
        database=wiring.database,
        topic=wiring.topic,
        run_relay=run_relay,
    )
    async with started(service):
        yield service


@contextlib.asynccontextmanager
async def running_assessment(wiring: Any, **changes: Any) -> AsyncIterator[AssessmentService]:
    """`changes`: settings of the test's own (e.g. `topic`, where it publishes)."""
    service = AssessmentService(
        wiring.settings,
        schema=wiring.assessment_schema,
        database=wiring.database,
        source_topic=wiring.topic,
        group_id=wiring.group,
        subscriptions=[registration_events.subscribe, assessment_personal_data.subscribe],
        # The candidates' sealed names from registration's personal-data topic, opened with the
        # keys of registration's vault (its schema: the key store), as certificate does.
        personal_data_topic=f"{wiring.topic}.personal-data",
        key_store=KeyStoreLocation(
            wiring.settings.app_dsn(wiring.database), wiring.registration_schema
        ),
        **changes,
    )
    async with started(service):
        yield service


@contextlib.asynccontextmanager
async def running_certificate(wiring: Any, **changes: Any) -> AsyncIterator[CertificateService]:
    """Certificate on the wiring's own schema, consuming a fresh assessment topic (assessment
    publishes no recommendation yet) in a fresh group, publishing on a fresh topic; the
    holders' sealed details from registration's personal-data topic (beside the wiring's
    topic), opened with the keys of registration's vault (its schema: the key store).
    `changes`: settings of the test's own (e.g. `source_topic`: an assessment's it runs)."""
    settings: dict[str, Any] = {
        "source_topic": unique_topic("kompeten.assessment.events"),
        **changes,
    }
    service = CertificateService(
        wiring.settings,
        schema=wiring.certificate_schema,
        database=wiring.database,
        registration_topic=wiring.topic,
        personal_data_topic=f"{wiring.topic}.personal-data",
        topic=unique_topic("kompeten.certificate.events"),
        group_id=f"certificate-{wiring.group}",
        key_store=KeyStoreLocation(
            wiring.settings.app_dsn(wiring.database), wiring.registration_schema
        ),
        subscriptions=[
            assessment_events.subscribe,
            certificate_registration_events.subscribe,
            personal_data.subscribe,
        ],
        **settings,
    )
    async with started(service):
        yield service


def asgi_client(app: Any, address: str = "127.0.0.1") -> httpx.AsyncClient:
    """An HTTP client of an in-process app, as seen from `address` (rate limits count by it)."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60)


# The journeys apply to the seeded schemes of the first demo LSP (registration.seed); its staff
# verify, plan and assess them.
JOURNEY_LSP = demo_lsp_id(DEMO_LSPS[0][0])


def assessment_staff_headers() -> dict[str, str]:
    """How a staff member authenticates to assessment's API in the journeys: an assessor's
    session token as registration issues it at sign-in, which assessment verifies with the
    shared secret (eventkit.tokens)."""
    return bearer_headers(Role.ASSESSOR, lsp_id=JOURNEY_LSP)


def lsp_admin_headers(account_id: UUID | None = None) -> dict[str, str]:
    """An admin of the journeys' LSP, who works its verification queue."""
    return bearer_headers(Role.LSP_ADMIN, account_id=account_id, lsp_id=JOURNEY_LSP)
