"""Certificate on the real stack for its tests: the service started on a fresh schema of the
test database, consuming fresh topics in a fresh group, with a key store of its own (a fresh
schema holding `person_keys`, as registration's vault keeps them); recommendations published
exactly as assessment's relay publishes them (CloudEvents headers, key attempt-<id>), and
holders' details sealed and published as registration's personal-data relay does."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx

from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from certificate.consumers import assessment_events, personal_data, registration_events
from eventkit.key_store import KeyStoreLocation
from eventkit.pii import PostgresVault, master_key_from_env
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema, unique_topic
from eventkit.testing.kafka import publish as publish_records
from eventkit.testing.key_store import fresh_key_store
from kompeten_contracts import catalog
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.internal import HolderDetailsSealedV1
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers


def stack_settings(schema: str, keys: KeyStoreLocation, consume: bool = True) -> dict[str, Any]:
    """What a certificate service of the tests is given: its fresh schema and key store, fresh
    topics and group, and the consumers (or none)."""
    subscriptions = [assessment_events.subscribe, registration_events.subscribe,
                     personal_data.subscribe]  # fmt: skip
    return {
        "schema": schema,
        "database": TEST_DATABASE,
        "source_topic": unique_topic("kompeten.assessment.events"),
        "registration_topic": unique_topic("kompeten.registration.events"),
        "personal_data_topic": unique_topic("kompeten.internal.personal-data"),
        "topic": unique_topic("kompeten.certificate.events"),
        "group_id": f"certificate-{uuid4().hex[:8]}",
        "key_store": keys,
        "subscriptions": subscriptions if consume else [],
    }


@contextlib.asynccontextmanager
async def running_certificate(
    consume: bool = True, **changes: Any
) -> AsyncIterator[CertificateService]:
    async with fresh_schema("cert") as schema, fresh_key_store() as keys:
        settings = {**stack_settings(schema, keys.location, consume), **changes}
        service = CertificateService(load_settings(), **settings)
        await service.start()
        try:
            yield service
        finally:
            await service.stop()


def api_of(service: CertificateService) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(service))
    return httpx.AsyncClient(transport=transport, base_url="http://cert.test")


def vault_of(service: CertificateService) -> PostgresVault:
    """Registration's side of the test's key store: seals and erases as registration does."""
    assert service.key_store is not None
    return PostgresVault(service.key_store.schema, master_key_from_env())


async def sealed_holder(service: CertificateService, candidate_id: UUID,
                        fields: dict[str, str]) -> HolderDetailsSealedV1:  # fmt: skip
    """The holder's details sealed under their key, as registration's acceptance seals them."""
    conn = await admin_connection()
    try:
        sealed = await vault_of(service).seal(conn, candidate_id, fields)
    finally:
        await conn.close()
    return HolderDetailsSealedV1(candidate_id=candidate_id, application_id=uuid4(), lsp_id=None,
                                 sealed=sealed, accepted_at=datetime.now(UTC))  # fmt: skip


async def erase(service: CertificateService, candidate_id: UUID) -> None:
    conn = await admin_connection()
    try:
        await vault_of(service).erase(conn, candidate_id)
    finally:
        await conn.close()


def candidate(candidate_id: UUID) -> dict[str, str]:
    return bearer_headers(Role.CANDIDATE, candidate_id=candidate_id)


def decision_maker(lsp_id: UUID, account_id: UUID | None = None) -> dict[str, str]:
    return bearer_headers(Role.DECISION_MAKER, account_id=account_id, lsp_id=lsp_id)


def lsp_admin(lsp_id: UUID) -> dict[str, str]:
    return bearer_headers(Role.LSP_ADMIN, lsp_id=lsp_id)


def _key(event: PublicEvent) -> str:
    """The record key its publisher's relay gives it (the internal record: its stream's)."""
    if isinstance(event, HolderDetailsSealedV1):
        return f"application-{event.application_id}"
    return catalog.publication_of(type(event))[1].key_of(event)


async def publish(
    topic: str, events: Sequence[PublicEvent], ids: Sequence[UUID] | None = None
) -> None:
    """Each event as one record; `ids` fixes the records' ce_id (a redelivery repeats one)."""
    await publish_records(topic, [(_key(event), event) for event in events], ids)
