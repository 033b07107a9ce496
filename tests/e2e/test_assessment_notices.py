"""Assessment confirms a schedule, a new window and a cancellation to the candidate and the
assessor, through Kafka and the real SMTP sink: assessment holds no addresses and publishes
ids only; registration, which holds the people's addresses sealed, mails each person once per
notice, in Bahasa Indonesia with English below."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from assessment_bank import FixedBank
from assessment_hall import licensed_assessor, verified_site

from assessment.api.app import create_app as assessment_app
from assessment.bootstrap import AssessmentService
from assessment.consumers import registration_events
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.testing.infra import unique_topic
from eventkit.testing.mail import mail_with_subject, mails_to
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from registration.bootstrap import RegistrationService
from registration.consumers import assessment_events
from registration.notices.domain.notice_text import SUBJECTS, Kind
from servicekit.auth import bearer_headers
from servicekit.testing.services import started

from ..services import asgi_client

pytestmark = pytest.mark.integration
LSP = uuid.uuid4()
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
STARTS = (datetime.now(UTC) + timedelta(days=10)).replace(hour=1, minute=0, second=0, microsecond=0)


@pytest.fixture
async def apis(wiring: Any) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, Any]]:
    notices_topic = unique_topic("kompeten.assessment.events")
    registration = RegistrationService(
        wiring.settings,
        schema=wiring.registration_schema,
        database=wiring.database,
        topic=wiring.topic,
        source_topic=notices_topic,
        group_id=f"registration-{uuid.uuid4().hex[:8]}",
        subscriptions=[assessment_events.subscribe],
    )
    assessment = AssessmentService(
        wiring.settings,
        schema=wiring.assessment_schema,
        database=wiring.database,
        source_topic=wiring.topic,
        topic=notices_topic,
        group_id=wiring.group,
        subscriptions=[registration_events.subscribe],
        bank=FixedBank(),
    )
    async with started(registration), started(assessment):
        async with (
            asgi_client(registration_app(registration)) as reg,
            asgi_client(assessment_app(assessment)) as ass,
        ):
            yield reg, ass, assessment


def address(who: str) -> str:
    return f"{who}.{uuid.uuid4().hex[:10]}@example.id"


async def count(to: str, subject: str) -> int:
    return sum(m["subject"] == subject for m in await mails_to(to))


async def test_the_candidate_and_the_assessor_are_notified_once_per_change(apis: Any) -> None:
    reg, ass, assessment = apis
    candidate_email, assessor_email = address("asesi"), address("asesor")
    registered = await reg.post(
        "/candidates",
        json={
            "client_id": str(uuid.uuid4()),
            "full_name": "Ni Luh Putu Sari",
            "nik": "5107014101900002",
            "email": candidate_email,
            "district_code": "5107",
        },
        headers=bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",)),
    )
    assert registered.status_code == 201, registered.text
    candidate_id = uuid.UUID(registered.json()["candidate_id"])
    opened = await reg.post(
        "/staff", json={"email": assessor_email, "role": "assessor"}, headers=ADMIN
    )
    assert opened.status_code == 201, opened.text
    assessor_id = uuid.UUID(opened.json()["account_id"])

    application = AcceptedApplication(
        uuid.uuid4(),
        candidate_id,
        "KOP-KASIR",
        1,
        "kasir",
        uuid.uuid4(),
        "5107",
        [],
        STARTS,
        LSP,
    )
    async with assessment.pool.acquire() as conn, conn.transaction():
        await assessment.accepted().add(conn, application)
    site_id = await verified_site(ass, ADMIN, STARTS.date())
    await licensed_assessor(ass, ADMIN, assessor_id, STARTS.date())
    session = await ass.post(
        "/sessions",
        headers=ADMIN,
        json={
            "scheme_code": "KOP-KASIR",
            "scheme_version": 1,
            "site_id": str(site_id),
            "district_code": "5107",
            "starts_at": STARTS.isoformat(),
            "ends_at": (STARTS + timedelta(hours=3)).isoformat(),
            "exam_minutes": 60,
            "capacity": 10,
            "assessor_ids": [str(assessor_id)],
        },
    )
    assert session.status_code == 201, session.text
    session_id = session.json()["session_id"]
    assigned = await ass.post(
        f"/sessions/{session_id}/assignments",
        headers=ADMIN,
        json={"application_ids": [str(application.application_id)]},
    )
    assert assigned.status_code == 200, assigned.text

    scheduled = SUBJECTS[Kind.SCHEDULED]
    to_candidate = await mail_with_subject(candidate_email, scheduled)
    assert "Ni Luh Putu Sari" in to_candidate["text"] and "BLK Karangasem" in to_candidate["text"]
    assert "09.00 WITA" in to_candidate["text"]  # 01:00 UTC in Bali
    to_assessor = await mail_with_subject(assessor_email, scheduled)
    assert "Sari" not in to_assessor["text"] and "KOP-KASIR" in to_assessor["text"]

    later = STARTS + timedelta(days=1)
    moved = await ass.post(
        f"/sessions/{session_id}/reschedule",
        headers=ADMIN,
        json={
            "starts_at": later.isoformat(),
            "ends_at": (later + timedelta(hours=3)).isoformat(),
            "reason": "site_unavailable",
            "note": "Aula dipakai rapat desa",
        },
    )
    assert moved.status_code == 200, moved.text
    for to in (candidate_email, assessor_email):
        mail = await mail_with_subject(to, SUBJECTS[Kind.RESCHEDULED])
        assert "TUK tidak dapat digunakan" in mail["text"] and "rapat desa" not in mail["text"]

    cancelled = await ass.post(
        f"/sessions/{session_id}/cancel", headers=ADMIN, json={"reason": "force_majeure"}
    )
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"], cancelled.text
    for to in (candidate_email, assessor_email):
        await mail_with_subject(to, SUBJECTS[Kind.CANCELLED])
        # The notices of one session arrive in order: any second confirmation would be here.
        assert [await count(to, SUBJECTS[k]) for k in Kind] == [1, 1, 1]
