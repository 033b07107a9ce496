"""The one composition root of the assessment service: its event log and the parts its
features share, each feature's handlers and read models, and the parts that run in the
background (the read models' runners, the consumers of registration's events, the relay)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from assessment.appeals.adapters.appeal_listing import PostgresAppealListing
from assessment.appeals.adapters.attempt_outcomes import PostgresReassessments
from assessment.appeals.adapters.reviewer_records import AssessorRecords
from assessment.appeals.adapters.window_setting import windows_from_environment
from assessment.appeals.application.appeal_grounds import AppealGrounds
from assessment.appeals.application.appeals import Appeals
from assessment.appeals.application.decision_reasons import DecisionReasons
from assessment.appeals.application.lodge_appeal import LodgeAppeal
from assessment.appeals.application.on_record import AttemptsOnRecord
from assessment.appeals.application.review_appeal import ReviewAppeal
from assessment.appeals.domain.window import AppealWindows
from assessment.assessors.adapters.assessor_listing import PostgresAssessorListing
from assessment.assessors.adapters.limits_setting import limits_from_environment
from assessment.assessors.application.assessor_commands import AssessorCommands
from assessment.assessors.domain.limits import CandidateLimits
from assessment.banks.adapters.bank_catalogue import PostgresBankCatalogue
from assessment.banks.adapters.bank_table import read_bank_table
from assessment.banks.application.bank_commands import BankCommands
from assessment.banks.application.published_banks import PublishedBanks
from assessment.capture.adapters.captured_records import PostgresCaptureOverview
from assessment.capture.application.capture import Capture
from assessment.capture.application.capture_views import CaptureViews
from assessment.capture.application.record_capture import RecordCapture
from assessment.evidence.adapters.store_setting import evidence_store_from_environment
from assessment.evidence.application.evidence_files import SessionEvidence
from assessment.evidence.application.ports import EvidenceStore
from assessment.exams.adapters.attempts_view import PostgresAttemptsView
from assessment.exams.adapters.bank_draws import BankDraws
from assessment.exams.adapters.candidate_exams import PostgresCandidateExams
from assessment.exams.adapters.package_cipher import AesGcmPackageCipher
from assessment.exams.adapters.presences import PostgresPresences
from assessment.exams.application.exam_views import ExamViews
from assessment.exams.application.exams import Exams
from assessment.exams.application.ports import ExamBank
from assessment.exams.application.record_answers import RecordAnswers
from assessment.exams.application.roster import SessionRoster
from assessment.exams.application.score_due import ScoreDueAttempts
from assessment.intake.adapters.accepted_applications import PostgresAcceptedApplications
from assessment.intake.adapters.candidate_pool import PostgresCandidatePool
from assessment.intake.adapters.scheme_versions import PostgresSchemeVersions
from assessment.judgement.application.facts import RecommendationFacts
from assessment.judgement.application.judge_units import JudgeUnits
from assessment.judgement.application.judgements_view import JudgementsView
from assessment.judgement.application.judging import Judging
from assessment.judgement.application.publish_when_over import PublishWhenOver
from assessment.judgement.application.report_findings import ReportFindings
from assessment.judgement.application.report_notes import ReportNotes
from assessment.judgement.application.session_report import SessionReports
from assessment.names.application.candidate_names import CandidateNames
from assessment.planning.adapters.assessor_sessions import PostgresAssessorSessions
from assessment.planning.adapters.hall_checks import HallChecks
from assessment.planning.adapters.instrument_offers import BankInstrumentOffers
from assessment.planning.adapters.session_listing import PostgresSessionListing
from assessment.planning.adapters.sessions_view import PostgresOverlaps
from assessment.planning.adapters.training_checks import TrainingGate
from assessment.planning.application.assign_candidates import AssignCandidates
from assessment.planning.application.change_session import ChangeSession
from assessment.planning.application.close_session import CloseSession
from assessment.planning.application.planning import Planning
from assessment.planning.application.prepare_candidate import PrepareCandidate
from assessment.planning.application.schedule_session import ScheduleSession
from assessment.planning.application.session_audience import SessionAudience
from assessment.planning.application.set_assessment_plan import SetAssessmentPlan
from assessment.planning.application.start_exam import StartExam
from assessment.progress.adapters.progress_queries import PostgresProgress
from assessment.progress.application.progress import Progress
from assessment.shared.adapters.outbound import PUBLISHED, to_public
from assessment.shared.adapters.person_sealing import KeyStoreSealing
from assessment.shared.adapters.postgres import SEALED_DETAILS, install
from assessment.shared.adapters.read_models import read_models
from assessment.shared.application.repositories import (
    ATTEMPTS_CACHED,
    appeals,
    attempts,
    captures,
    dockets,
    evidence_files,
    judgements,
    preparations,
    reports,
    sessions,
)
from assessment.sites.adapters.site_heads import SiteStreamHeads
from assessment.sites.adapters.site_listing import PostgresSiteListing
from assessment.sites.application.site_commands import SiteCommands
from assessment.training.adapters.assessor_trainings import AssessorTrainingBatches
from assessment.training.adapters.completion_table import read_completion_table
from assessment.training.adapters.completions_view import PostgresCompletionsView
from assessment.training.application.import_completions import ImportCompletions
from assessment.training.application.record_completions import RecordCompletions
from assessment.training.application.requirements import RequirementCommands
from assessment.training.application.training import Training
from assessment.training.application.training_repositories import records
from assessment.training.application.training_status import TrainingStatus
from eventkit.inbox import InboxConsumer
from eventkit.key_store import KeyStoreLocation, PostgresKeyStore, key_store_from_environment
from eventkit.projection import ProjectionRunner
from eventkit.relay import Relay
from eventkit.sealed_copies import PostgresSealedCopies, SealedPersonalData
from eventkit.sessions import EndedSessions
from eventkit.store import PostgresEventStore
from eventkit.topics import ensure_topics
from eventkit.uow import PostgresUnitOfWork
from kompeten_contracts.internal import PERSONAL_DATA
from kompeten_contracts.topics import ASSESSMENT_EVENTS, REGISTRATION_EVENTS, dead_letter_topic
from servicekit.service import ServiceRoot

DATABASE = "kompeten_assessment"
GROUP = "assessment"


@dataclass(frozen=True)
class Shared:
    """What the features' handlers share, built once per start."""

    pool: Any
    schema: str
    store: PostgresEventStore
    uow: PostgresUnitOfWork
    clock: Callable[[], datetime]


def wire_exams(s: Shared) -> Exams:
    attempt_streams, session_streams = attempts(s.store, ATTEMPTS_CACHED), sessions(s.store)
    views = ExamViews(attempt_streams, session_streams, AesGcmPackageCipher(), s.clock)
    presences = PostgresPresences(s.pool, s.schema)
    recorder = RecordAnswers(attempt_streams, presences, s.uow, s.clock)
    view = PostgresAttemptsView(s.pool, s.schema)
    scoring = ScoreDueAttempts(attempt_streams, view, s.clock)
    roster = SessionRoster(view, presences, s.clock)
    return Exams(views, recorder, scoring, roster, PostgresCandidateExams(s.pool, s.schema))


def wire_planning(
    s: Shared,
    bank: ExamBank,
    checks: HallChecks,
    intake: Any,
    training: TrainingGate,
    banks: PublishedBanks,
) -> Planning:
    session_streams, attempt_streams = sessions(s.store), attempts(s.store)
    overlaps = PostgresOverlaps(s.pool, s.schema)
    return Planning(
        session_streams,
        ScheduleSession(session_streams, checks, s.clock),
        AssignCandidates(
            session_streams,
            attempt_streams,
            s.store,
            s.uow,
            intake,
            overlaps,
            checks,
            bank,
            s.clock,
            training,
            PostgresReassessments(s.pool, s.schema),
            checks,
        ),
        StartExam(session_streams, attempt_streams, s.store, s.uow, s.clock),
        CloseSession(session_streams, s.clock),
        ChangeSession(
            session_streams, attempt_streams, s.store, s.uow, checks, overlaps, checks, s.clock
        ),
        SetAssessmentPlan(session_streams, BankInstrumentOffers(banks), s.clock),
        PrepareCandidate(
            attempt_streams, session_streams, preparations(s.store), intake, s.store, s.uow, s.clock
        ),
        PostgresAssessorSessions(s.pool, s.schema),
        PostgresSessionListing(s.pool, s.schema),
    )


def wire_training(s: Shared, candidates: Any, applications: Any) -> Training:
    schemes = PostgresSchemeVersions(s.pool, s.schema)
    requirements = RequirementCommands(s.store, schemes, s.clock)
    trainers = AssessorTrainingBatches(s.store)
    record = RecordCompletions(s.store, requirements, candidates, trainers, s.clock)
    view = PostgresCompletionsView(s.pool, s.schema)
    return Training(
        requirements,
        record,
        ImportCompletions(record, read_completion_table),
        TrainingStatus(requirements, applications, view),
    )


def wire_judging(
    s: Shared, schemes: Any, capture: Capture, sites: SiteCommands,
    evidence: SessionEvidence | None = None, audience: SessionAudience | None = None,
    notes: ReportNotes | None = None,
) -> Judging:  # fmt: skip
    streams = judgements(s.store)
    facts = RecommendationFacts(attempts(s.store), sessions(s.store), schemes, records(s.store))
    session_reports = SessionReports(
        reports(s.store), sessions(s.store), streams, s.clock, SiteStreamHeads(sites), notes
    )
    return Judging(
        JudgeUnits(streams, facts, capture, s.clock, evidence),
        JudgementsView(streams, facts, audience),
        PublishWhenOver(streams, sessions(s.store), facts, s.clock),
        session_reports,
        ReportFindings(capture.views, session_reports),
    )


def wire_capture(s: Shared) -> Capture:
    session_streams, capture_streams = sessions(s.store), captures(s.store)
    recorder = RecordCapture(
        session_streams, attempts(s.store), capture_streams, s.store, s.uow, s.clock
    )
    views = CaptureViews(session_streams, capture_streams)
    return Capture(recorder, views, PostgresCaptureOverview(s.pool, s.schema))


def wire_appeals(
    s: Shared, assessors: AssessorCommands, windows: AppealWindows, grounds: AppealGrounds
) -> Appeals:
    streams, reasons = appeals(s.store), DecisionReasons(grounds.sealing, grounds.reads)
    on_record = AttemptsOnRecord(attempts(s.store), sessions(s.store), judgements(s.store))
    return Appeals(
        streams,
        LodgeAppeal(
            streams, dockets(s.store), on_record, s.store, s.uow, windows, s.clock, grounds.sealing
        ),
        ReviewAppeal(streams, on_record, AssessorRecords(assessors), s.clock, reasons),
        PostgresAppealListing(s.pool, s.schema),
        grounds,
        reasons,
    )


@dataclass(frozen=True)
class Sites:
    """Test sites (TUK): their commands and the listing, wired."""

    commands: SiteCommands
    listing: PostgresSiteListing

    @classmethod
    def wired(cls, s: Shared) -> Sites:
        return cls(SiteCommands(s.store, s.clock), PostgresSiteListing(s.pool, s.schema))


@dataclass(frozen=True)
class Assessors:
    """Assessors: their commands, the listing and the limit of candidates per assessor."""

    commands: AssessorCommands
    listing: PostgresAssessorListing
    limits: CandidateLimits

    @classmethod
    def wired(cls, s: Shared, limits: CandidateLimits) -> Assessors:
        listing = PostgresAssessorListing(s.pool, s.schema)
        return cls(AssessorCommands(s.store, s.clock), listing, limits)


@dataclass
class AssessmentService(ServiceRoot):
    database: str = DATABASE
    source_topic: str = REGISTRATION_EVENTS
    topic: str = ASSESSMENT_EVENTS
    group_id: str = GROUP
    run_relay: bool = True
    # Tests replace the clock (session windows, exam deadlines).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    subscriptions: Sequence[Callable[[AssessmentService], InboxConsumer]] = ()
    # Where exams are drawn from; None: the LSPs' published question banks (tests fix one).
    bank: ExamBank | None = None
    # Candidates per assessor per session, per scheme (planning checks them).
    assessor_limits: CandidateLimits = field(default_factory=limits_from_environment)
    # Days after a recommendation its candidate may appeal, per scheme.
    appeal_windows: AppealWindows = field(default_factory=windows_from_environment)
    # Where evidence files are kept; None: as the environment says (evidence.adapters).
    evidence_store: EvidenceStore | None = None
    consumers: list[InboxConsumer] = field(default_factory=list)
    # The candidates' names for the roster: sealed on the internal topic, opened with the keys
    # of registration's key store (None: from the environment at start).
    personal_data_topic: str = PERSONAL_DATA
    key_store: KeyStoreLocation | None = None
    person_keys: PostgresKeyStore | None = field(default=None, init=False)
    sealed_copies: PostgresSealedCopies | None = field(default=None, init=False)
    names_feature: CandidateNames | None = field(default=None, init=False)
    candidate_pool: PostgresCandidatePool | None = field(default=None, init=False)
    accepted_applications: PostgresAcceptedApplications | None = field(default=None, init=False)
    scheme_versions: PostgresSchemeVersions | None = field(default=None, init=False)
    relay: Relay | None = field(default=None, init=False)
    exam_feature: Exams | None = field(default=None, init=False)
    planning_feature: Planning | None = field(default=None, init=False)
    judging_feature: Judging | None = field(default=None, init=False)
    site_feature: Sites | None = field(default=None, init=False)
    assessor_feature: Assessors | None = field(default=None, init=False)
    capture_feature: Capture | None = field(default=None, init=False)
    training_feature: Training | None = field(default=None, init=False)
    appeal_feature: Appeals | None = field(default=None, init=False)
    evidence_feature: SessionEvidence | None = field(default=None, init=False)
    progress_feature: Progress | None = field(default=None, init=False)
    # Why 30: each read model's runner holds a LISTEN connection and one per batch; the relay,
    # the consumers and the HTTP handlers' transactions must all fit at once.
    pool_size: int = field(default=30, init=False)

    async def install(self, conn: Any, schema: str) -> None:
        await install(conn, schema)

    async def wire(self) -> None:
        self.evidence_store = self.evidence_store or evidence_store_from_environment()
        self.ended_sessions = EndedSessions(self.pool, self.schema)
        await self.ended_sessions.reload()
        self.in_background(self.ended_sessions, "ended sessions")
        shared = self.shared()
        self.candidate_pool = PostgresCandidatePool(self.pool, self.schema)
        self.accepted_applications = PostgresAcceptedApplications(self.pool, self.schema)
        self.site_feature = Sites.wired(shared)
        self.assessor_feature = Assessors.wired(shared, self.assessor_limits)
        self.exam_feature = wire_exams(shared)
        self.in_background(self.exam_feature.scoring, "scoring")
        checks = HallChecks(
            self.site_feature.commands, self.assessor_feature.commands, self.assessor_limits
        )
        self.training_feature = wire_training(
            shared, self.candidate_pool, self.accepted_applications
        )
        self.planning_feature = wire_planning(
            shared,
            self.bank or BankDraws(self.published_banks()),
            checks,
            self.accepted_applications,
            TrainingGate(self.training_feature.status),
            self.published_banks(),
        )
        self.planning_feature.audience = SessionAudience(
            SiteStreamHeads(self.site_feature.commands)
        )
        self.scheme_versions = PostgresSchemeVersions(self.pool, self.schema)
        self.capture_feature = wire_capture(shared)
        # Evidence files and appeal grounds are sealed under keys derived from the people's
        # keys in registration's key store (read-only), as the roster's names are opened.
        await self.wire_names()
        assert self.person_keys is not None and self.sealed_copies is not None
        sealing, reads = KeyStoreSealing(self.person_keys), self.sealed_copies
        self.evidence_feature = SessionEvidence(
            evidence_files(shared.store), sessions(shared.store), self.evidence_store, self.now,
            sealing, reads,
        )  # fmt: skip
        self.progress_feature = Progress(PostgresProgress(self.pool, self.schema))
        self.judging_feature = wire_judging(
            shared, self.scheme_versions, self.capture_feature, self.site_feature.commands,
            self.evidence_feature, self.planning_feature.people(), ReportNotes(sealing, reads),
        )  # fmt: skip
        self.appeal_feature = wire_appeals(
            shared, self.assessor_feature.commands, self.appeal_windows,
            AppealGrounds(sealing, reads),
        )  # fmt: skip
        policy = self.judging_feature.policy
        self.in_background(
            ProjectionRunner(self.pool, self.schema, shared.store, policy), policy.name
        )
        for read_model in read_models(self.schema):
            runner = ProjectionRunner(self.pool, self.schema, shared.store, read_model)
            self.in_background(runner, read_model.name)
        await ensure_topics(
            self.settings.kafka_bootstrap,
            [self.source_topic, self.personal_data_topic, self.dead_letters, self.topic],
        )
        for subscribe in self.subscriptions:
            consumer = subscribe(self)
            self.consumers.append(consumer)
            self.in_background(consumer, "consumer")
        if self.run_relay:
            self.relay = Relay(
                self.pool, self.schema, self.settings.kafka_bootstrap, self.topic, to_public,
                event_types=PUBLISHED.types,
            )  # fmt: skip
            self.in_background(self.relay, "relay")

    async def wire_names(self) -> None:
        self.person_keys = PostgresKeyStore(
            self.key_store or key_store_from_environment(self.settings)
        )
        await self.person_keys.start()
        self.sealed_copies = PostgresSealedCopies(self.pool, self.schema, SEALED_DETAILS)
        self.names_feature = CandidateNames(
            SealedPersonalData(self.sealed_copies, self.person_keys)
        )

    async def stop(self) -> None:
        await super().stop()
        if self.person_keys is not None:
            await self.person_keys.stop()

    def shared(self) -> Shared:
        return Shared(
            pool=self.pool,
            schema=self.schema,
            store=PostgresEventStore(self.pool, self.schema),
            uow=PostgresUnitOfWork(self.pool),
            clock=self.now,
        )

    def now(self) -> datetime:
        return self.clock()

    @property
    def dead_letters(self) -> str:
        return dead_letter_topic(self.group_id)

    def exams(self) -> Exams:
        assert self.exam_feature is not None, "service not started"
        return self.exam_feature

    def judgement(self) -> Judging:
        assert self.judging_feature is not None, "service not started"
        return self.judging_feature

    def planning(self) -> Planning:
        assert self.planning_feature is not None, "service not started"
        return self.planning_feature

    def appeals(self) -> Appeals:
        assert self.appeal_feature is not None, "service not started"
        return self.appeal_feature

    def pooled(self) -> PostgresCandidatePool:
        assert self.candidate_pool is not None, "service not started"
        return self.candidate_pool

    def accepted(self) -> PostgresAcceptedApplications:
        assert self.accepted_applications is not None, "service not started"
        return self.accepted_applications

    def sites(self) -> Sites:
        assert self.site_feature is not None, "service not started"
        return self.site_feature

    def assessors(self) -> Assessors:
        assert self.assessor_feature is not None, "service not started"
        return self.assessor_feature

    def training(self) -> Training:
        assert self.training_feature is not None, "service not started"
        return self.training_feature

    def banks(self) -> BankCommands:
        return BankCommands(self.shared().store, self.schemes(), read_bank_table, self.now)

    def published_banks(self) -> PublishedBanks:
        return PublishedBanks(PostgresBankCatalogue(self.pool, self.schema))

    def schemes(self) -> PostgresSchemeVersions:
        assert self.scheme_versions is not None, "service not started"
        return self.scheme_versions

    def names(self) -> CandidateNames:
        assert self.names_feature is not None, "service not started"
        return self.names_feature

    def sealed_details(self) -> PostgresSealedCopies:
        assert self.sealed_copies is not None, "service not started"
        return self.sealed_copies

    def capture(self) -> Capture:
        assert self.capture_feature is not None, "service not started"
        return self.capture_feature

    def evidence(self) -> SessionEvidence:
        assert self.evidence_feature is not None, "service not started"
        return self.evidence_feature

    def progress(self) -> Progress:
        assert self.progress_feature is not None, "service not started"
        return self.progress_feature
