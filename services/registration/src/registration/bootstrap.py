"""The one composition root of the registration service: each feature's handlers and read
models, built from the adapters they share, and the parts that run in the background (the read
models' runners, the invitation follower, cohort commits, the relay)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventkit.idempotency import PostgresIdempotencyKeys
from eventkit.inbox import InboxConsumer
from eventkit.pii import PostgresVault, Vault, hash_secret_from_env, master_key_from_env
from eventkit.projection import ProjectionRunner
from eventkit.relay import Relay
from eventkit.sessions import EndedSessions
from eventkit.store import PostgresEventStore
from eventkit.topics import ensure_topics
from eventkit.uow import PostgresUnitOfWork
from kompeten_contracts.internal import PERSONAL_DATA
from kompeten_contracts.topics import ASSESSMENT_EVENTS, REGISTRATION_EVENTS, dead_letter_topic
from registration.applications.adapters.application_queue import PostgresApplicationQueue
from registration.applications.adapters.evidence_store import PostgresEvidenceStore
from registration.applications.application.application_context import ApplicationContext
from registration.audit.adapters.access_log import PostgresAccessLog
from registration.candidates.adapters.nik_index import PostgresNikIndex
from registration.candidates.application.candidate_profile import CandidateProfiles
from registration.candidates.application.erase_candidate import EraseCandidateHandler
from registration.candidates.application.register_candidate import RegisterCandidateHandler
from registration.catalogue.adapters.cooperative_directory import PostgresCooperativeDirectory
from registration.catalogue.adapters.legal_numbers import PostgresLegalNumberIndex
from registration.catalogue.adapters.scheme_catalogue import PostgresSchemeCatalogue
from registration.catalogue.application.lsps import LspRegistry
from registration.catalogue.application.register_cooperative import RegisterCooperativeHandler
from registration.catalogue.application.scheme_commands import SchemeCommands
from registration.cohorts.adapters.cohort_invitation_runner import (
    InvitationFollower,
    PostgresSentInvitations,
)
from registration.cohorts.adapters.cohort_store import (
    PostgresCohortFiles,
    PostgresCohortRegistry,
    PostgresCommitLeases,
)
from registration.cohorts.adapters.cohort_table import read_table
from registration.cohorts.adapters.progress_queries import PostgresProgress
from registration.cohorts.application.background_commits import BackgroundCommits
from registration.cohorts.application.cohort_import_view import CohortImports
from registration.cohorts.application.cohort_invitations import CohortInvitations
from registration.cohorts.application.cohort_validation import CohortValidation
from registration.cohorts.application.commit_cohort_import import CommitCohortImport
from registration.cohorts.application.prepare_cohort_import import PrepareCohortImport
from registration.identity.adapters.email_index import PostgresEmailIndex
from registration.identity.adapters.rate_counter import PostgresRateCounter
from registration.identity.application.open_staff_account import OpenStaffAccountHandler
from registration.identity.application.ports import Mailer
from registration.identity.application.rate_limits import RateLimiter, RateLimits
from registration.identity.application.request_code import RequestCodeHandler
from registration.identity.application.verify_code import VerifyCodeHandler
from registration.notices.adapters.sent_notices import PostgresSentNotices
from registration.notices.application.assessment_notices import AssessmentNotices
from registration.shared.adapters.internal_outbound import to_internal
from registration.shared.adapters.outbound import to_public
from registration.shared.adapters.postgres import install
from registration.shared.adapters.read_models import read_models
from servicekit.mailer import SmtpMailer
from servicekit.service import ServiceRoot

DATABASE = "kompeten_registration"


@dataclass(frozen=True)
class Shared:
    """What the features' handlers share, built once per start."""

    pool: Any
    schema: str
    store: PostgresEventStore
    uow: PostgresUnitOfWork
    vault: Vault
    hash_secret: bytes
    emails: PostgresEmailIndex
    mailer: Mailer
    sessions: EndedSessions
    limiter: RateLimiter
    access_log: PostgresAccessLog
    applicants: PostgresApplicationQueue
    clock: Callable[[], datetime]
    app_url: str  # where mail sends people: the installation's app (settings.app_url)


@dataclass
class Identity:
    """Sign-up, sign-in, staff accounts, erasure and the profile query, wired."""

    request_code: RequestCodeHandler
    verify_code: VerifyCodeHandler
    open_staff_account: OpenStaffAccountHandler
    erase_candidate: EraseCandidateHandler
    profiles: CandidateProfiles

    @classmethod
    def wired(cls, s: Shared) -> Identity:
        limiter, secret, emails = s.limiter, s.hash_secret, s.emails
        return cls(
            RequestCodeHandler(
                s.uow,
                s.store,
                s.vault,
                emails,
                s.mailer,
                limiter,
                secret,
                s.clock,
                app_url=s.app_url,
            ),
            VerifyCodeHandler(s.uow, s.store, emails, limiter, secret, s.clock),
            OpenStaffAccountHandler(s.uow, s.store, s.vault, emails, s.mailer, secret, s.clock),
            EraseCandidateHandler(
                s.uow, s.store, s.vault, emails, s.sessions, s.applicants, s.clock
            ),
            CandidateProfiles(s.uow, s.store, s.vault, s.access_log, s.applicants, s.clock),
        )


@dataclass
class Catalogue:
    """The cooperative registry and the scheme catalogue: commands and read models, wired."""

    register_cooperative: RegisterCooperativeHandler
    schemes: SchemeCommands
    cooperative_directory: PostgresCooperativeDirectory
    scheme_catalogue: PostgresSchemeCatalogue
    lsps: LspRegistry

    @classmethod
    def wired(cls, s: Shared) -> Catalogue:
        legal_numbers = PostgresLegalNumberIndex(s.schema)
        return cls(
            RegisterCooperativeHandler(s.uow, s.store, legal_numbers, s.clock),
            SchemeCommands(s.store, s.clock),
            PostgresCooperativeDirectory(s.pool, s.schema),
            PostgresSchemeCatalogue(s.pool, s.schema),
            LspRegistry(s.store, s.clock),
        )


@dataclass
class Cohorts:
    """Cohort import (dry run, commit in the background, its view), invitations and progress."""

    prepare: PrepareCohortImport
    commit: CommitCohortImport
    imports: CohortImports
    progress: PostgresProgress
    invitations: CohortInvitations
    commits: BackgroundCommits

    @classmethod
    def wired(cls, s: Shared, resume: bool) -> Cohorts:
        files = PostgresCohortFiles(s.pool, s.schema)
        registry = PostgresCohortRegistry(s.pool, s.schema)
        leases = PostgresCommitLeases(s.pool, s.schema)
        imports = CohortImports(s.uow, s.store, s.vault, files, leases, s.clock)
        validation = CohortValidation(s.uow, registry, s.vault, s.hash_secret)
        commit = CommitCohortImport(
            s.uow, s.store, s.vault, imports, registry, s.hash_secret, leases, s.clock
        )
        sent = PostgresSentInvitations(s.pool, s.schema)
        return cls(
            PrepareCohortImport(
                s.uow, s.store, s.vault, files, validation, read_table, s.hash_secret, s.clock
            ),
            commit,
            imports,
            PostgresProgress(s.pool, s.schema),
            CohortInvitations(s.store, s.vault, sent, s.mailer, s.app_url),
            BackgroundCommits(commit, leases, resume),
        )

    def start_commit(self, import_id: Any, by: Any) -> None:
        self.commits.start(import_id, by)


@dataclass
class RegistrationService(ServiceRoot):
    database: str = DATABASE
    topic: str = REGISTRATION_EVENTS
    # The internal topic of sealed personal data other services print (not a public contract);
    # None: PERSONAL_DATA, or beside the topic when a test gives its own.
    personal_data_topic: str | None = None
    run_relay: bool = True
    # Finish cohort-import commits a stopped process left unfinished (not in one-shot commands).
    resume_commits: bool = True
    # Tests replace clock (codes, cooldowns, rate-limit windows) and rate_limits.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    rate_limits: RateLimits = field(default_factory=RateLimits)
    # The application forms' catalogue ports; None: the service's own read models.
    schemes: Any = None
    cooperatives: Any = None
    # Where mail goes; None: SMTP at the settings' address (the benchmark passes a no-op one).
    mailer: Mailer | None = None
    # What it consumes (assessment's notices, mailed to the people): main subscribes; tests
    # give their own topic and group.
    source_topic: str = ASSESSMENT_EVENTS
    group_id: str = "registration"
    subscriptions: Sequence[Callable[[RegistrationService], InboxConsumer]] = ()
    notice_mail: AssessmentNotices | None = field(default=None, init=False)
    relay: Relay | None = field(default=None, init=False)
    register: RegisterCandidateHandler | None = field(default=None, init=False)
    identity: Identity | None = field(default=None, init=False)
    applications: ApplicationContext | None = field(default=None, init=False)
    application_queue: PostgresApplicationQueue | None = field(default=None, init=False)
    catalogue: Catalogue | None = field(default=None, init=False)
    cohorts: Cohorts | None = field(default=None, init=False)
    # Why 40: each ProjectionRunner holds a LISTEN connection for its whole life and a
    # transaction connection per batch; six runners, the relay's leader connection and its
    # reads, and the HTTP handlers' transactions must all fit at once.
    pool_size: int = field(default=40, init=False)

    async def install(self, conn: Any, schema: str) -> None:
        await install(conn, schema)

    async def wire(self) -> None:
        # Ended sessions are known before the first request is answered, then followed.
        self.ended_sessions = EndedSessions(self.pool, self.schema)
        await self.ended_sessions.reload()
        self.in_background(self.ended_sessions, "ended sessions")
        shared = self.shared()
        self.identity = Identity.wired(shared)
        self.register = RegisterCandidateHandler(
            uow=shared.uow,
            store=shared.store,
            vault=shared.vault,
            idempotency=PostgresIdempotencyKeys(self.schema),
            nik_index=PostgresNikIndex(self.schema),
            hash_secret=shared.hash_secret,
            emails=shared.emails,
            limiter=shared.limiter,
            clock=self.now,
        )
        self.catalogue = Catalogue.wired(shared)
        self.applications = ApplicationContext(
            uow=shared.uow,
            store=shared.store,
            vault=shared.vault,
            idempotency=PostgresIdempotencyKeys(self.schema),
            schemes=self.schemes or self.catalogue.scheme_catalogue,
            cooperatives=self.cooperatives or self.catalogue.cooperative_directory,
            evidence=PostgresEvidenceStore(self.schema),
            access_log=shared.access_log,
            clock=self.now,
        )
        self.application_queue = PostgresApplicationQueue(self.pool, self.schema)
        self.cohorts = Cohorts.wired(shared, self.resume_commits)
        followers = [*read_models(self.schema), InvitationFollower(self.cohorts.invitations)]
        for follower in followers:
            runner = ProjectionRunner(self.pool, self.schema, shared.store, follower)
            self.in_background(runner, follower.name)
        if self.run_relay:
            personal_data = self.personal_data()
            await ensure_topics(self.settings.kafka_bootstrap, [self.topic, personal_data])
            self.relay = Relay(
                self.pool, self.schema, self.settings.kafka_bootstrap, self.topic, to_public
            )
            self.in_background(self.relay, "relay")
            internal = Relay(
                self.pool,
                self.schema,
                self.settings.kafka_bootstrap,
                personal_data,
                to_internal,
                name="personal-data",
            )
            self.in_background(internal, "personal-data relay")
        self.notice_mail = AssessmentNotices(
            shared.store, shared.vault, PostgresSentNotices(self.pool, self.schema), shared.mailer
        )
        if self.subscriptions:
            dead_letters = dead_letter_topic(self.group_id)
            await ensure_topics(self.settings.kafka_bootstrap, [self.source_topic, dead_letters])
        for subscribe in self.subscriptions:
            self.in_background(subscribe(self), "consumer")
        self.in_background(self.cohorts.commits, "cohort commits")  # stopped first

    def personal_data(self) -> str:
        if self.personal_data_topic:
            return self.personal_data_topic
        beside = f"{self.topic}.personal-data"
        return PERSONAL_DATA if self.topic == REGISTRATION_EVENTS else beside

    def shared(self) -> Shared:
        return Shared(
            pool=self.pool,
            schema=self.schema,
            store=PostgresEventStore(self.pool, self.schema),
            uow=PostgresUnitOfWork(self.pool),
            vault=PostgresVault(self.schema, master_key_from_env()),
            hash_secret=hash_secret_from_env(),
            emails=PostgresEmailIndex(self.schema),
            mailer=self.mailer or SmtpMailer(self.settings.smtp_host, self.settings.smtp_port),
            sessions=self.sessions(),
            limiter=RateLimiter(PostgresRateCounter(self.pool, self.schema), self.rate_limits),
            access_log=PostgresAccessLog(self.pool, self.schema),
            applicants=PostgresApplicationQueue(self.pool, self.schema),
            clock=self.now,
            app_url=self.settings.app_url,
        )

    def access_log(self) -> PostgresAccessLog:
        assert self.pool is not None, "service not started"
        return PostgresAccessLog(self.pool, self.schema)

    def sessions(self) -> EndedSessions:
        assert self.ended_sessions is not None, "service not started"
        return self.ended_sessions

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

    def notices(self) -> AssessmentNotices:
        assert self.notice_mail is not None, "service not started"
        return self.notice_mail

    def handler(self) -> RegisterCandidateHandler:
        assert self.register is not None, "service not started"
        return self.register
