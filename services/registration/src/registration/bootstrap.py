"""Composition root of the registration service: builds adapters and handlers from settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventkit import secrets
from eventkit.idempotency import PostgresIdempotencyKeys
from eventkit.lifecycle import Background, Lifespan, install_as_owner
from eventkit.pii import PostgresVault, hash_secret_from_env, master_key_from_env
from eventkit.projection import Projection, ProjectionRunner
from eventkit.relay import Relay
from eventkit.settings import Settings
from eventkit.store import PostgresEventStore, create_pool
from eventkit.topics import ensure_topics
from kompeten_contracts.topics import REGISTRATION_EVENTS
from registration.adapters.application_queue import (
    ApplicationQueueProjection,
    PostgresApplicationQueue,
)
from registration.adapters.cooperative_directory import (
    CooperativeProjection,
    PostgresCooperativeDirectory,
)
from registration.adapters.district_progress import DistrictProgress
from registration.adapters.email_index import PostgresEmailIndex
from registration.adapters.evidence_store import PostgresEvidenceStore
from registration.adapters.legal_numbers import PostgresLegalNumberIndex
from registration.adapters.nik_index import PostgresNikIndex
from registration.adapters.outbound import to_public
from registration.adapters.postgres import PostgresUnitOfWork, install
from registration.adapters.rate_counter import PostgresRateCounter
from registration.adapters.scheme_catalogue import (
    PostgresSchemeCatalogue,
    SchemeCatalogueProjection,
)
from registration.application.application_context import ApplicationContext
from registration.application.candidate_profile import CandidateProfiles
from registration.application.erase_candidate import EraseCandidateHandler
from registration.application.identity_ports import Mailer
from registration.application.open_staff_account import OpenStaffAccountHandler
from registration.application.rate_limits import RateLimiter, RateLimits
from registration.application.register_candidate import RegisterCandidateHandler
from registration.application.register_cooperative import RegisterCooperativeHandler
from registration.application.request_code import RequestCodeHandler
from registration.application.scheme_commands import SchemeCommands
from registration.application.verify_code import VerifyCodeHandler
from registration.cohort_wiring import Cohorts
from servicekit.mailer import SmtpMailer

DATABASE = "kompeten_registration"


@dataclass
class Identity:
    """Sign-up, sign-in, staff accounts, erasure and the profile query, wired."""

    request_code: RequestCodeHandler
    verify_code: VerifyCodeHandler
    open_staff_account: OpenStaffAccountHandler
    erase_candidate: EraseCandidateHandler
    profiles: CandidateProfiles


@dataclass
class Catalogue:
    """The cooperative registry and the scheme catalogue: commands and read models, wired."""

    register_cooperative: RegisterCooperativeHandler
    schemes: SchemeCommands
    cooperative_directory: PostgresCooperativeDirectory
    scheme_catalogue: PostgresSchemeCatalogue

    @classmethod
    def wired(cls, pool: Any, schema: str, clock: Callable[[], datetime]) -> Catalogue:
        store = PostgresEventStore(pool, schema)
        return cls(
            RegisterCooperativeHandler(
                PostgresUnitOfWork(pool), store, PostgresLegalNumberIndex(schema), clock
            ),
            SchemeCommands(store, clock),
            PostgresCooperativeDirectory(pool, schema),
            PostgresSchemeCatalogue(pool, schema),
        )


@dataclass
class RegistrationService(Lifespan):
    settings: Settings
    schema: str = "public"
    database: str = DATABASE
    topic: str = REGISTRATION_EVENTS
    run_relay: bool = True
    # Finish cohort-import commits a stopped process left unfinished (not in one-shot commands).
    resume_commits: bool = True
    pool: Any = None
    relay: Relay | None = None
    register: RegisterCandidateHandler | None = None
    identity: Identity | None = None
    # Tests replace clock (codes, cooldowns, rate-limit windows) and rate_limits.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    rate_limits: RateLimits = field(default_factory=RateLimits)
    # The application forms' catalogue ports; None: the service's own read models.
    schemes: Any = None
    cooperatives: Any = None
    applications: ApplicationContext | None = None
    application_queue: PostgresApplicationQueue | None = None
    catalogue: Catalogue | None = None
    cohorts: Cohorts | None = None
    # Where mail goes; None: SMTP at the settings' address (the benchmark passes a no-op one).
    mailer: Mailer | None = None
    _background: Background = field(default_factory=Background)

    async def start(self) -> None:
        secrets.check()  # no real secrets and no development mode: refuse to start
        await install_as_owner(self.settings, self.database, self.schema, install)
        # Why max_size 40: each ProjectionRunner holds a LISTEN connection for its whole life and
        # a transaction connection per batch; six runners, the relay's leader connection and its
        # reads, and the HTTP handlers' transactions must all fit at once.
        self.pool = await create_pool(
            self.settings.app_dsn(self.database),
            server_settings={"search_path": self.schema},
            min_size=2,
            max_size=40,
        )
        store = PostgresEventStore(self.pool, self.schema)
        uow = PostgresUnitOfWork(self.pool)
        vault = PostgresVault(self.schema, master_key_from_env())
        mailer = self.mailer or SmtpMailer(self.settings.smtp_host, self.settings.smtp_port)
        emails, secret = PostgresEmailIndex(self.schema), hash_secret_from_env()
        self.register = RegisterCandidateHandler(
            uow=uow,
            store=store,
            vault=vault,
            idempotency=PostgresIdempotencyKeys(self.schema),
            nik_index=PostgresNikIndex(self.schema),
            hash_secret=secret,
            emails=emails,
            clock=self.now,
        )
        limiter = RateLimiter(PostgresRateCounter(self.pool, self.schema), self.rate_limits)
        self.identity = Identity(
            RequestCodeHandler(uow, store, vault, emails, mailer, limiter, secret, self.now),
            VerifyCodeHandler(uow, store, emails, limiter, secret, self.now),
            OpenStaffAccountHandler(uow, store, vault, emails, mailer, secret, self.now),
            EraseCandidateHandler(uow, store, vault, emails, self.now),
            CandidateProfiles(uow, store, vault),
        )
        self.applications = ApplicationContext(
            uow=uow,
            store=store,
            vault=vault,
            idempotency=PostgresIdempotencyKeys(self.schema),
            schemes=self.schemes or PostgresSchemeCatalogue(self.pool, self.schema),
            cooperatives=self.cooperatives or PostgresCooperativeDirectory(self.pool, self.schema),
            evidence=PostgresEvidenceStore(self.schema),
            clock=self.now,
        )
        self.application_queue = PostgresApplicationQueue(self.pool, self.schema)
        self.catalogue = Catalogue.wired(self.pool, self.schema, self.now)
        self.cohorts = Cohorts.wired(self.pool, self.schema, mailer, self.now)
        projections: list[Projection] = [
            DistrictProgress(self.schema),
            ApplicationQueueProjection(self.schema),
            CooperativeProjection(self.schema),
            SchemeCatalogueProjection(self.schema),
        ]
        runners = [ProjectionRunner(self.pool, self.schema, store, p) for p in projections]
        for runner in [*runners, *self.cohorts.runners]:
            self._background.start(runner, runner.projection.name)
        if self.resume_commits:
            await self.cohorts.resume_interrupted()
        if self.run_relay:
            await ensure_topics(self.settings.kafka_bootstrap, [self.topic])
            self.relay = Relay(
                self.pool, self.schema, self.settings.kafka_bootstrap, self.topic, to_public
            )
            self._background.start(self.relay, "relay")

    async def stop(self) -> None:
        if self.cohorts is not None:
            await self.cohorts.stop()
        await self._background.stop()
        if self.pool is not None:
            await self.pool.close()

    def now(self) -> datetime:
        return self.clock()

    def cohort(self) -> Cohorts:
        assert self.cohorts is not None, "service not started"
        return self.cohorts

    def catalogues(self) -> Catalogue:
        assert self.catalogue is not None, "service not started"
        return self.catalogue

    def identities(self) -> Identity:
        assert self.identity is not None, "service not started"
        return self.identity

    def queue(self) -> PostgresApplicationQueue:
        assert self.application_queue is not None, "service not started"
        return self.application_queue

    def handler(self) -> RegisterCandidateHandler:
        assert self.register is not None, "service not started"
        return self.register
