"""Registration mails assessment's notices through the real SMTP sink: a record delivered twice
mails no one twice; an assessor assigned two candidates by one notice gets one mail, each
candidate their own; an erased candidate is not mailed (their assessor still is); an assessor
id with no account mails no one and blocks nothing. Real PostgreSQL, Kafka and SMTP sink."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaProducer

from eventkit.settings import load_settings
from eventkit.testing.infra import unique_topic
from eventkit.testing.kafka import group_lag, record_count
from eventkit.testing.mail import mails_to
from eventkit.testing.waiting import wait_until
from kompeten_contracts.assessment import AssessmentCancelledV1, AssessmentScheduledV1
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.registry import encode
from kompeten_contracts.roles import Role
from kompeten_contracts.topics import dead_letter_topic
from registration.bootstrap import RegistrationService
from registration.consumers import assessment_events
from registration.notices.domain.notice_text import SUBJECTS, Kind
from servicekit.auth import bearer_headers

from .conftest import http, new_email, running

pytestmark = pytest.mark.integration
STARTS = datetime(2026, 12, 1, 1, tzinfo=UTC)
LSP = uuid4()


@pytest.fixture
async def service(schema: str) -> AsyncIterator[RegistrationService]:
    topic = unique_topic("kompeten.assessment.events")
    async with running(
        schema,
        source_topic=topic,
        group_id=f"registration-{uuid4().hex[:8]}",
        subscriptions=[assessment_events.subscribe],
    ) as started:
        yield started


async def candidate(service: RegistrationService, name: str, nik: str) -> tuple[UUID, str]:
    email = new_email("asesi")
    async with http(service) as api:
        created = await api.post(
            "/candidates",
            json={
                "client_id": str(uuid4()),
                "full_name": name,
                "nik": nik,
                "email": email,
                "district_code": "5107",
            },
            headers=bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",)),
        )
    assert created.status_code == 201, created.text
    return UUID(created.json()["candidate_id"]), email


async def assessor(service: RegistrationService) -> tuple[UUID, str]:
    email = new_email("asesor")
    async with http(service) as api:
        opened = await api.post(
            "/staff",
            json={"email": email, "role": "assessor"},
            headers=bearer_headers(Role.LSP_ADMIN, lsp_id=LSP),
        )
    assert opened.status_code == 201, opened.text
    return UUID(opened.json()["account_id"]), email


def scheduled(candidate_id: UUID, assessor_id: UUID, session_id: UUID) -> AssessmentScheduledV1:
    return AssessmentScheduledV1(
        attempt_id=uuid4(),
        session_id=session_id,
        candidate_id=candidate_id,
        assessor_id=assessor_id,
        lsp_id=LSP,
        scheme_code="KOP-KASIR",
        scheme_version=1,
        district_code="5107",
        site_id=uuid4(),
        site_name="BLK Karangasem",
        site_address="Jl. Ngurah Rai No. 1, Amlapura",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=3),
        scheduled_at=STARTS - timedelta(days=7),
    )


async def publish(topic: str, *events: tuple[UUID, Any]) -> None:
    """Each (ce_id, event) as the relay writes it; the same id twice is a redelivery."""
    producer = AIOKafkaProducer(bootstrap_servers=load_settings().kafka_bootstrap)
    await producer.start()
    try:
        for ce_id, event in events:
            subject = f"session-{event.session_id}"
            envelope = Envelope(
                id=ce_id,
                source=event.source(),
                type=event.ce_type(),
                time=datetime.now(UTC),
                subject=subject,
            )
            await producer.send_and_wait(
                topic, key=subject.encode(), value=encode(event), headers=envelope.to_headers()
            )
    finally:
        await producer.stop()


async def subjects(address: str) -> list[str]:
    return sorted(m["subject"] for m in await mails_to(address) if "kompetensi" in m["subject"])


async def all_handled(service: RegistrationService) -> None:
    """Every record on the topic handled and committed (offsets move after the transaction)."""

    async def caught_up() -> bool:
        bootstrap = service.settings.kafka_bootstrap
        return await group_lag(bootstrap, service.group_id, service.source_topic) == 0

    await wait_until(caught_up, timeout=30, what="the notices consumed")


async def test_each_person_is_mailed_once_per_notice(service: RegistrationService) -> None:
    sari, sari_mail = await candidate(service, "Ni Luh Putu Sari", "5107014101900002")
    made, made_mail = await candidate(service, "I Made Wirawan", "5107010101900003")
    assessor_id, assessor_mail = await assessor(service)
    session_id = uuid4()
    to_sari = scheduled(sari, assessor_id, session_id)
    to_made = scheduled(made, assessor_id, session_id)
    twice = uuid4()
    await publish(service.source_topic, (twice, to_sari), (twice, to_sari), (uuid4(), to_made))
    await all_handled(service)
    for address in (sari_mail, made_mail, assessor_mail):  # the assessor: one for both
        assert await subjects(address) == [SUBJECTS[Kind.SCHEDULED]]

    async with http(service) as api:
        me = bearer_headers(Role.CANDIDATE, candidate_id=made)
        erased = await api.post(f"/candidates/{made}/erasure", headers=me)
        assert erased.is_success, erased.text
    cancelled = [
        AssessmentCancelledV1(
            **a.model_dump(exclude={"scheduled_at"}), reason="force_majeure", cancelled_at=STARTS
        )
        for a in (to_sari, to_made)
    ]
    nobody = scheduled(sari, uuid4(), uuid4())  # an assessor id with no account
    await publish(service.source_topic, *((uuid4(), e) for e in (*cancelled, nobody)))
    await all_handled(service)
    assert await subjects(assessor_mail) == sorted(
        [SUBJECTS[Kind.SCHEDULED], SUBJECTS[Kind.CANCELLED]]
    )
    assert await subjects(made_mail) == [SUBJECTS[Kind.SCHEDULED]]  # erased: not mailed again
    assert await subjects(sari_mail) == sorted(
        [SUBJECTS[Kind.SCHEDULED]] * 2 + [SUBJECTS[Kind.CANCELLED]]
    )
    dead = await record_count(service.settings.kafka_bootstrap, dead_letter_topic(service.group_id))
    assert dead == 0  # the notice naming no account was handled, not given up on
