"""Certificate on the real stack for its tests: the service started on a fresh schema of the
test database, consuming a fresh topic in a fresh group, and recommendations published on that
topic exactly as assessment's relay publishes them (CloudEvents headers, key attempt-<id>)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
from aiokafka import AIOKafkaProducer

from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from certificate.consumers import assessment_events, registration_events
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from kompeten_contracts import Envelope, encode
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers


@contextlib.asynccontextmanager
async def running_certificate(
    consume: bool = True, **changes: Any
) -> AsyncIterator[CertificateService]:
    async with fresh_schema("cert") as schema:
        service = CertificateService(
            load_settings(), schema=schema, database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.assessment.events"),
            registration_topic=unique_topic("kompeten.registration.events"),
            topic=unique_topic("kompeten.certificate.events"),
            group_id=f"certificate-{uuid4().hex[:8]}",
            subscriptions=[assessment_events.subscribe, registration_events.subscribe]
            if consume else [], **changes,
        )  # fmt: skip
        await service.start()
        try:
            yield service
        finally:
            await service.stop()


def api_of(service: CertificateService) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(service))
    return httpx.AsyncClient(transport=transport, base_url="http://cert.test")


def decision_maker(lsp_id: UUID, account_id: UUID | None = None) -> dict[str, str]:
    return bearer_headers(Role.DECISION_MAKER, account_id=account_id, lsp_id=lsp_id)


def lsp_admin(lsp_id: UUID) -> dict[str, str]:
    return bearer_headers(Role.LSP_ADMIN, lsp_id=lsp_id)


async def publish(
    topic: str, events: Sequence[PublicEvent], ids: Sequence[UUID] | None = None,
    key: str = "attempt-{attempt_id}",
) -> None:  # fmt: skip
    """Each event as one record, keyed as its publisher keys it (`key` over the event's
    fields); `ids` fixes the records' ce_id (a redelivery repeats one)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=load_settings().kafka_bootstrap, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        for n, event in enumerate(events):
            key_of = key.format(**event.model_dump())
            envelope = Envelope(
                id=ids[n] if ids else uuid4(), source=event.source(), type=event.ce_type(),
                time=datetime.now(UTC), subject=key_of,
            )  # fmt: skip
            await producer.send_and_wait(
                topic, key=key_of.encode(), value=encode(event), headers=envelope.to_headers()
            )
    finally:
        await producer.stop()
