"""Composition root of the registration service: builds adapters and handlers from settings."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from fastapi import FastAPI

from eventkit.idempotency import PostgresIdempotencyKeys
from eventkit.pii import PostgresVault, hash_secret_from_env, master_key_from_env
from eventkit.projection import ProjectionRunner
from eventkit.relay import Relay
from eventkit.settings import Settings
from eventkit.store import PostgresEventStore, create_pool
from eventkit.topics import ensure_topics
from kompeten_contracts.topics import REGISTRATION_EVENTS
from registration.adapters.district_progress import DistrictProgress
from registration.adapters.outbound import to_public
from registration.adapters.postgres import PostgresNikIndex, PostgresUnitOfWork, install
from registration.application.register_candidate import RegisterCandidateHandler

DATABASE = "kompeten_registration"


@dataclass
class RegistrationService:
    settings: Settings
    schema: str = "public"
    database: str = DATABASE
    topic: str = REGISTRATION_EVENTS
    run_relay: bool = True
    pool: Any = None
    relay: Relay | None = None
    register: RegisterCandidateHandler | None = None
    progress: ProjectionRunner | None = None
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
        store = PostgresEventStore(self.pool, self.schema)
        self.register = RegisterCandidateHandler(
            uow=PostgresUnitOfWork(self.pool),
            store=store,
            vault=PostgresVault(self.schema, master_key_from_env()),
            idempotency=PostgresIdempotencyKeys(self.schema),
            nik_index=PostgresNikIndex(self.schema),
            hash_secret=hash_secret_from_env(),
        )
        self.progress = ProjectionRunner(
            self.pool, self.schema, store, DistrictProgress(self.schema)
        )
        self._tasks.append(asyncio.create_task(self.progress.run(), name="district_progress"))
        if self.run_relay:
            await ensure_topics(self.settings.kafka_bootstrap, [self.topic])
            self.relay = Relay(
                self.pool, self.schema, self.settings.kafka_bootstrap, self.topic, to_public
            )
            self._tasks.append(asyncio.create_task(self.relay.run(), name="relay"))

    async def stop(self) -> None:
        if self.relay is not None:
            await self.relay.stop()
        if self.progress is not None:
            await self.progress.stop()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.pool is not None:
            await self.pool.close()

    def handler(self) -> RegisterCandidateHandler:
        assert self.register is not None, "service not started"
        return self.register

    @contextlib.asynccontextmanager
    async def lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()
