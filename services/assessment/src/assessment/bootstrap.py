"""Composition root of the assessment service."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from fastapi import FastAPI

from assessment.adapters.accepted_applications import PostgresAcceptedApplications
from assessment.adapters.candidate_pool import PostgresCandidatePool, install
from eventkit.inbox import InboxConsumer
from eventkit.settings import Settings
from eventkit.store import create_pool
from eventkit.topics import ensure_topics
from kompeten_contracts.topics import REGISTRATION_EVENTS, dead_letter_topic

DATABASE = "kompeten_assessment"
GROUP = "assessment"


@dataclass
class AssessmentService:
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
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        admin = await asyncpg.connect(self.settings.admin_dsn(self.database))
        try:
            await install(admin, self.schema)
        finally:
            await admin.close()
        self.pool = await create_pool(
            self.settings.app_dsn(self.database), server_settings={"search_path": self.schema}
        )
        self.candidate_pool = PostgresCandidatePool(self.pool, self.schema)
        self.accepted_applications = PostgresAcceptedApplications(self.pool, self.schema)
        await ensure_topics(self.settings.kafka_bootstrap, [self.source_topic, self.dead_letters])
        for subscribe in self.subscriptions:
            consumer = subscribe(self)
            self.consumers.append(consumer)
            self._tasks.append(asyncio.create_task(consumer.run(), name="consumer"))

    @property
    def dead_letters(self) -> str:
        return dead_letter_topic(self.group_id)

    async def stop(self) -> None:
        for consumer in self.consumers:
            await consumer.stop()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.pool is not None:
            await self.pool.close()

    def pooled(self) -> PostgresCandidatePool:
        assert self.candidate_pool is not None, "service not started"
        return self.candidate_pool

    def accepted(self) -> PostgresAcceptedApplications:
        assert self.accepted_applications is not None, "service not started"
        return self.accepted_applications

    @contextlib.asynccontextmanager
    async def lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()
