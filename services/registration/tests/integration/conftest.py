"""Shared helpers of registration's integration tests: the real service on a fresh schema of the
test database, a clock the tests move, mail read from the SMTP sink, records read from Kafka.

Everything here talks to the real local stack and fails (never skips) when it is missing.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from registration_catalogue import StubCooperatives, StubSchemes
from registration_samples import apl01_json as apl01
from registration_samples import apl02_json as apl02

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema
from eventkit.testing.mail import code_in, mails_to
from eventkit.testing.waiting import wait_until
from kompeten_contracts.envelope import Envelope
from kompeten_contracts.roles import Role
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from servicekit.auth import Principal, issue_token
from servicekit.testing.services import started


class ManualClock:
    """The service's clock (codes, cooldowns, rate-limit windows); tests move it forward."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@contextlib.asynccontextmanager
async def running(schema: str, **options: Any) -> AsyncIterator[RegistrationService]:
    """A started RegistrationService on `schema`; without a relay unless a topic is given."""
    options.setdefault("run_relay", "topic" in options)
    service = RegistrationService(load_settings(), schema=schema, database=TEST_DATABASE, **options)
    async with started(service):
        yield service


def http(service: RegistrationService) -> httpx.AsyncClient:
    """A client of the service's real HTTP app, in process (no port)."""
    transport = httpx.ASGITransport(app=create_app(service))
    return httpx.AsyncClient(transport=transport, base_url="http://registration.test")


@pytest.fixture
async def schema() -> AsyncIterator[str]:
    async with fresh_schema("reg") as name:
        yield name


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_email(who: str = "orang") -> str:
    """A fresh address: the SMTP sink keeps every run's mail."""
    return f"{who}.{uuid4().hex[:10]}@example.id"


async def mailed(address: str, count: int) -> list[dict[str, Any]]:
    """Wait until the address has received `count` mails; all of them, newest first."""

    async def arrived() -> list[dict[str, Any]] | None:
        found = await mails_to(address)
        return found if len(found) >= count else None

    return await wait_until(arrived, timeout=30, what=f"{count} mail(s) to {address}")


async def code_mailed(address: str, count: int = 1) -> str:
    """The code in the `count`-th mail to the address (the newest once it arrived)."""
    return code_in((await mailed(address, count))[0])


async def signed_in(client: httpx.AsyncClient, email: str, *, sign_up: bool = False) -> Any:
    """Ask for a code (sign-up or sign-in), read it from the mail, verify: the session JSON."""
    before = len(await mails_to(email))
    path = "/auth/sign-up" if sign_up else "/auth/sign-in"
    asked = await client.post(path, json={"email": email})
    assert asked.status_code == 202, asked.text
    code = await code_mailed(email, before + 1)
    verified = await client.post("/auth/verify", json={"email": email, "code": code})
    assert verified.status_code == 200, verified.text
    return verified.json()


async def events(schema: str, event_type: str | None = None) -> list[Any]:
    conn = await admin_connection()
    try:
        rows = await conn.fetch(
            f'SELECT event_type, stream_id, data FROM "{schema}".events '
            "WHERE $1::text IS NULL OR event_type = $1 ORDER BY position",
            event_type,
        )
    finally:
        await conn.close()
    return [
        {"event_type": r["event_type"], "stream_id": r["stream_id"], "data": json.loads(r["data"])}
        for r in rows
    ]


@dataclass(frozen=True)
class Record:
    key: str
    envelope: Envelope
    value: dict[str, Any]


async def topic_records(topic: str, at_least: int) -> list[Record]:
    """Records of the topic from its start, once at least `at_least` have been read."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=load_settings().kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[Record] = []

    async def enough() -> bool:
        batches = await consumer.getmany(timeout_ms=200)
        found.extend(
            Record(
                (r.key or b"").decode(),
                Envelope.from_headers(r.headers),
                json.loads(r.value or b"{}"),
            )
            for records in batches.values()
            for r in records
        )
        return len(found) >= at_least

    try:
        await wait_until(enough, timeout=30, what=f"{at_least} record(s) on {topic}")
        return found
    finally:
        await consumer.stop()


@dataclass
class Api:
    http: httpx.AsyncClient
    schema: str
    cooperatives: StubCooperatives

    def candidate(self) -> dict[str, str]:
        return self.candidate_of(uuid.uuid4())

    def candidate_of(self, candidate_id: uuid.UUID) -> dict[str, str]:
        token = issue_token(Principal(uuid.uuid4(), Role.CANDIDATE, candidate_id))
        return {"Authorization": f"Bearer {token}"}

    def staff(self, role: Role = Role.LSP_ADMIN) -> dict[str, str]:
        """Staff of this role; a district operator works in Karangasem (5107)."""
        districts = ("5107",) if role is Role.DISTRICT_OPERATOR else ()
        token = issue_token(Principal(uuid.uuid4(), role, districts=districts))
        return {"Authorization": f"Bearer {token}"}

    async def start(self, who: dict[str, str]) -> str:
        response = await self.http.post(
            "/applications", json={"client_id": str(uuid.uuid4())}, headers=who
        )
        assert response.status_code == 201, response.text
        return str(response.json()["application_id"])

    def submission(self, client_id: str | None = None, **form: Any) -> dict[str, Any]:
        cooperative = self.cooperatives.add()
        return {
            "client_id": client_id or str(uuid.uuid4()),
            "apl01": apl01(cooperative, **form),
            "apl02": apl02(),
        }

    async def events(self, event_type: str | None = None) -> list[Any]:
        conn = await admin_connection()
        try:
            rows = await conn.fetch(
                f"SELECT event_type, data::text, metadata::text "
                f'FROM "{self.schema}".events ORDER BY position'
            )
        finally:
            await conn.close()
        return [r for r in rows if event_type in (None, r["event_type"])]


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    async with fresh_schema("reg") as schema:
        cooperatives = StubCooperatives()
        service = RegistrationService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            schemes=StubSchemes(), cooperatives=cooperatives,
        )  # fmt: skip
        await service.start()
        transport = httpx.ASGITransport(app=create_app(service))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                yield Api(http, schema, cooperatives)
        finally:
            await service.stop()
