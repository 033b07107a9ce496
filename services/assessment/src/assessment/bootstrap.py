"""Composition root of the assessment service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assessment.adapters.accepted_applications import PostgresAcceptedApplications
from assessment.adapters.candidate_pool import PostgresCandidatePool, install
from eventkit.inbox import InboxConsumer
from eventkit.topics import ensure_topics
from kompeten_contracts.topics import REGISTRATION_EVENTS, dead_letter_topic
from servicekit.service import ServiceRoot

DATABASE = "kompeten_assessment"
GROUP = "assessment"


@dataclass
class AssessmentService(ServiceRoot):
    database: str = DATABASE
    source_topic: str = REGISTRATION_EVENTS
    group_id: str = GROUP
    candidate_pool: PostgresCandidatePool | None = None
    accepted_applications: PostgresAcceptedApplications | None = None
    subscriptions: Sequence[Callable[[AssessmentService], InboxConsumer]] = ()
    consumers: list[InboxConsumer] = field(default_factory=list)

    async def install(self, conn: Any, schema: str) -> None:
        await install(conn, schema)

    async def wire(self) -> None:
        self.candidate_pool = PostgresCandidatePool(self.pool, self.schema)
        self.accepted_applications = PostgresAcceptedApplications(self.pool, self.schema)
        await ensure_topics(self.settings.kafka_bootstrap, [self.source_topic, self.dead_letters])
        for subscribe in self.subscriptions:
            consumer = subscribe(self)
            self.consumers.append(consumer)
            self.in_background(consumer, "consumer")

    @property
    def dead_letters(self) -> str:
        return dead_letter_topic(self.group_id)

    def pooled(self) -> PostgresCandidatePool:
        assert self.candidate_pool is not None, "service not started"
        return self.candidate_pool

    def accepted(self) -> PostgresAcceptedApplications:
        assert self.accepted_applications is not None, "service not started"
        return self.accepted_applications
