"""A candidate registers over HTTP and arrives in assessment through Kafka: once, in one trace."""

from __future__ import annotations

import uuid

import httpx
import pytest
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.trace import SpanKind

from assessment.api.app import create_app as assessment_app
from eventkit.testing.infra import admin_connection
from eventkit.testing.tracing import capture_spans
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from servicekit.auth import bearer_headers

from ..services import (
    asgi_client,
    assessment_staff_headers,
    running_assessment,
    running_registration,
)

pytestmark = pytest.mark.integration

STAFF = assessment_staff_headers()


@pytest.mark.e2e
async def test_a_registered_candidate_reaches_assessment_once_in_one_trace(wiring) -> None:
    spans = capture_spans()
    async with (
        running_registration(wiring) as registration,
        running_assessment(wiring) as assessment,
    ):
        reg_api = registration_app(registration)
        FastAPIInstrumentor.instrument_app(reg_api)
        ass_api = assessment_app(assessment)
        async with asgi_client(reg_api) as reg_http, asgi_client(ass_api) as ass_http:
            response = await reg_http.post(
                "/candidates",
                json={
                    "client_id": str(uuid.uuid4()),
                    "full_name": "I Gede Arya Wiguna",
                    "nik": "5107010101900001",
                    "email": "arya@example.id",
                    "district_code": "5107",
                },
                headers=bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",)),
            )
            assert response.status_code == 201, response.text
            candidate_id = response.json()["candidate_id"]

            async def arrived() -> httpx.Response | None:
                found = await ass_http.get(f"/candidates/{candidate_id}", headers=STAFF)
                return found if found.status_code == 200 else None

            found = await wait_until(arrived, timeout=30, what="candidate in assessment")
            assert found.json()["district_code"] == "5107"
            assert "nik" not in found.text and "arya" not in found.text.lower()

    conn = await admin_connection()
    try:
        rows = await conn.fetchval(
            f'SELECT count(*) FROM "{wiring.assessment_schema}".candidate_pool '
            "WHERE candidate_id = $1",
            uuid.UUID(candidate_id),
        )
    finally:
        await conn.close()
    assert rows == 1

    finished = spans.get_finished_spans()
    http_span = next(
        s
        for s in finished
        if s.kind == SpanKind.SERVER
        and "/candidates" in s.name
        and s.attributes
        and s.attributes.get("http.response.status_code", s.attributes.get("http.status_code"))
        == 201
    )
    trace_id = http_span.context.trace_id
    # The relay publishes a batch under one PRODUCER span of its own, linked to the creation
    # context of each message (the command's); the record carries that context, so assessment's
    # consumption continues the command's trace and the journey stays one trace.
    publishes = [s for s in finished if s.kind == SpanKind.PRODUCER]
    assert any(link.context.trace_id == trace_id for s in publishes for link in s.links), (
        "no relay publish span links to the command's trace"
    )
    kinds = {s.kind for s in finished if s.context.trace_id == trace_id}
    assert SpanKind.CONSUMER in kinds, "assessment's consumption is not in the command's trace"
