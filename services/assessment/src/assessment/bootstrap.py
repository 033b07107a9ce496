"""Composition root of the assessment service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assessment.adapters.accepted_applications import PostgresAcceptedApplications
from assessment.adapters.candidate_pool import PostgresCandidatePool, install
from eventkit import secrets
from eventkit.inbox import InboxConsumer
from eventkit.lifecycle import Background, Lifespan, install_as_owner
from eventkit.settings import Settings
from eventkit.store import create_pool
from eventkit.topics import ensure_topics
from kompeten_contracts.topics import REGISTRATION_EVENTS, dead_letter_topic

DATABASE = "kompeten_assessment"
GROUP = "assessment"


@dataclass
class AssessmentService(Lifespan):
    settings: Settings
    schema: str = "public"
    database: str = DATABASE
    source_topic: str = REGISTRATION_EVENTS
    group_id: str = GROUP
    pool: Any = None
    candidate_pool: PostgresCandidatePool | None = None
    accepted_applications: PostgresAcceptedApplications | None = None
    subscriptions: Sequence[Callable[[AssessmentService], InboxConsumer]] = ()
    consumers: list[InboxConsumer] = field(default_factory=list)
    _background: Background = field(default_factory=Background)

    async def start(self) -> None:
        secrets.check()  # no real secrets and no development mode: refuse to start
        await install_as_owner(self.settings, self.database, self.schema, install)
        self.pool = await create_pool(
            self.settings.app_dsn(self.database), server_settings={"search_path": self.schema}
        )
        self.candidate_pool = PostgresCandidatePool(self.pool, self.schema)
        self.accepted_applications = PostgresAcceptedApplications(self.pool, self.schema)
        await ensure_topics(self.settings.kafka_bootstrap, [self.source_topic, self.dead_letters])
        for subscribe in self.subscriptions:
            consumer = subscribe(self)
            self.consumers.append(consumer)
            self._background.start(consumer, "consumer")

    @property
    def dead_letters(self) -> str:
        return dead_letter_topic(self.group_id)

    async def stop(self) -> None:
        await self._background.stop()
        if self.pool is not None:
            await self.pool.close()

    def pooled(self) -> PostgresCandidatePool:
        assert self.candidate_pool is not None, "service not started"
        return self.candidate_pool

    def accepted(self) -> PostgresAcceptedApplications:
        assert self.accepted_applications is not None, "service not started"
        return self.accepted_applications
