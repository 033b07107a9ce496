"""Cross-service fixtures: both services on the real stack, each on a fresh schema of the test
database, wired to a fresh topic and consumer group so tests never see each other's events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from eventkit.settings import Settings, load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic


@dataclass(frozen=True)
class Wiring:
    settings: Settings
    registration_schema: str
    assessment_schema: str
    topic: str
    group: str
    database: str = TEST_DATABASE
    certificate_schema: str = ""


@pytest.fixture
async def wiring() -> AsyncIterator[Wiring]:
    async with (
        fresh_schema("reg") as registration,
        fresh_schema("ass") as assessment,
        fresh_schema("cert") as certificate,
    ):
        yield Wiring(
            load_settings(),
            registration,
            assessment,
            unique_topic("kompeten.registration.events"),
            f"assessment-{uuid.uuid4().hex[:8]}",
            certificate_schema=certificate,
        )
