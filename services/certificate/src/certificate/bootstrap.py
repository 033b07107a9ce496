"""The one composition root of the certificate service: its event log and the parts its
features share, each feature's handlers and read models, and the parts that run in the
background (the read models' runners, the consumers of assessment's events and of the internal
personal-data topic, the expiry rounds, the relay)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from certificate.agreements.application.sign_agreement import SignAgreement
from certificate.blanko.adapters.blanko_claims import (
    PostgresBlankoClaims,
    PostgresCertificateNumbers,
)
from certificate.blanko.adapters.blanko_table import read_blanko_table
from certificate.blanko.application.import_blanko import ImportBlanko
from certificate.credentials.application.export_credential import ExportCredential
from certificate.decision_documents.adapters.document_files import PostgresDocumentFiles
from certificate.decision_documents.adapters.document_pdf import DocumentPdf
from certificate.decision_documents.adapters.pdf_signature import PdfSigner
from certificate.decision_documents.application.decision_documents import (
    DecisionDocumentHandlers,
)
from certificate.decisions.adapters.panel_setting import panels_from_environment
from certificate.decisions.application.decide import Decide
from certificate.decisions.application.decide_session import DecideSession
from certificate.decisions.domain.panel import PanelSizes
from certificate.holders.adapters.grouped_reads import GroupedReads
from certificate.holders.application.holder_details import HolderDetails, Purpose
from certificate.issuance.adapters.certificate_register import PostgresCertificateRegister
from certificate.issuance.adapters.numbering_table import PostgresNumbering
from certificate.issuance.adapters.qr_image import QrImages
from certificate.issuance.adapters.signing_keys import Ed25519Signer, KeyRing, keys_from_environment
from certificate.issuance.application.issue import Issuance
from certificate.issuance.domain.numbering import NumberFormat
from certificate.lifecycle.application.change_certificate import ChangeCertificate
from certificate.lifecycle.application.expire import ExpireCertificates, ExpiryRounds
from certificate.printing.adapters.certificate_pdf import CertificatePdf
from certificate.printing.adapters.cohort_records import PostgresCohortRecords
from certificate.printing.adapters.holder_names import SealedHolderNames
from certificate.printing.adapters.holds import PostgresHolds
from certificate.printing.adapters.print_batch_view import PostgresPrintBatchView
from certificate.printing.adapters.print_tables import PostgresPrintTables
from certificate.printing.application.certificate_page import CertificatePage
from certificate.printing.application.follow_ups import OpenFollowUps
from certificate.printing.application.ports import HolderNames, Holds
from certificate.printing.application.print_profiles import PrintProfileHandlers
from certificate.printing.application.print_worker import PrintWorker
from certificate.printing.application.render_batch import RenderBatch
from certificate.printing.application.request_batch import CohortFacts, RequestPrintBatch
from certificate.printing.domain.print_batch import PrintBatch
from certificate.recommendations.adapters.recommendation_listing import (
    PostgresRecommendationListing,
)
from certificate.reporting.adapters.blanko_pdf import BlankoPdf
from certificate.reporting.adapters.blanko_xlsx import BlankoWorkbook
from certificate.reporting.adapters.progress_queries import PostgresProgress
from certificate.reporting.adapters.session_decisions import PostgresSessionDecisions
from certificate.reporting.application.blanko_request import BlankoRequest, PackageFile
from certificate.schemes.adapters.scheme_versions import PostgresSchemeVersions
from certificate.shared.adapters.outbound import to_public
from certificate.shared.adapters.postgres import install
from certificate.shared.adapters.read_models import read_models
from certificate.shared.application.repositories import (
    Involvements,
    PrintBatches,
    Recommendations,
    certificates,
    decision_documents,
    involvements,
    print_batches,
    print_profiles,
    recommendations,
)
from certificate.shared.application.repositories import decisions as decision_streams
from certificate.status_lists.adapters.index_table import PostgresStatusIndices
from certificate.status_lists.adapters.status_entries import PostgresStatusEntries
from certificate.status_lists.application.publish_list import PublishList
from certificate.verification.adapters.public_register import PostgresPublicRegister
from certificate.verification.adapters.verification_log import PostgresVerificationLog
from certificate.verification.application.verify import Verify
from eventkit import secrets
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
from kompeten_contracts.topics import (
    ASSESSMENT_EVENTS,
    CERTIFICATE_EVENTS,
    REGISTRATION_EVENTS,
    dead_letter_topic,
)
from servicekit.service import ServiceRoot

DATABASE = "kompeten_certificate"
GROUP = "certificate"
NUMBER_FORMAT = "KOMPETEN_CERTIFICATE_NUMBER_FORMAT"
PUBLIC_URL = "KOMPETEN_CERTIFICATE_PUBLIC_URL"  # where verifiers reach this API (status lists)
LOCAL_PUBLIC_URL = "http://127.0.0.1:18080/api/certificate"  # the local stack's proxy


@dataclass(frozen=True)
class Features:
    """Each feature's handlers and queries, wired once per start."""

    recommendations: Recommendations
    listing: PostgresRecommendationListing
    decide: Decide
    decide_session: DecideSession
    register: PostgresCertificateRegister
    verify: Verify
    holders: PostgresSealedCopies
    holder_details: HolderDetails
    sign_agreement: SignAgreement
    change: ChangeCertificate
    expire: ExpireCertificates
    schemes: PostgresSchemeVersions
    printing: Printing
    reporting: Reporting
    involvements: Involvements
    decision_documents: DecisionDocumentHandlers
    blanko: ImportBlanko
    status_lists: PublishList
    credentials: ExportCredential
    qr_images: QrImages = field(default_factory=QrImages)  # the QR PNGs drawn, kept


@dataclass(frozen=True)
class Reporting:
    """Reports for the national authority: the blanko request package, as XLSX or PDF."""

    blanko: BlankoRequest
    files: dict[str, PackageFile]
    progress: PostgresProgress


def wire_reporting(
    service: CertificateService,
    printing: Printing,
    details: HolderDetails,
    documents: DecisionDocumentHandlers | None = None,
) -> Reporting:
    decisions = PostgresSessionDecisions(service.pool, service.schema)
    names = service.holder_names or SealedHolderNames(details, Purpose.REPORT)
    blanko = BlankoRequest(decisions, names, printing.profiles, service.now, documents)
    files: dict[str, PackageFile] = {"xlsx": BlankoWorkbook(), "pdf": BlankoPdf()}
    return Reporting(blanko, files, PostgresProgress(service.pool, service.schema))


@dataclass(frozen=True)
class Printing:
    """Print profiles, batches (requested here, made by the worker) and their view."""

    profiles: PrintProfileHandlers
    request: RequestPrintBatch
    view: PostgresPrintBatchView
    files: PostgresPrintTables
    renderer: CertificatePdf
    worker: PrintWorker
    page: CertificatePage
    batches: PrintBatches

    async def batch(self, batch_id: UUID) -> PrintBatch:
        return (await self.batches.load(batch_id)).state


def wire_printing(
    service: CertificateService, schemes: PostgresSchemeVersions, details: HolderDetails
) -> Printing:
    pool, schema, clock = service.pool, service.schema, service.now
    store, uow = PostgresEventStore(pool, schema), PostgresUnitOfWork(pool)
    batches, profiles = print_batches(store), print_profiles(store)
    tables, records = PostgresPrintTables(pool, schema), PostgresCohortRecords(pool, schema)
    names = service.holder_names or SealedHolderNames(details, Purpose.PRINT)
    holds, renderer = service.holds or PostgresHolds(pool, schema), CertificatePdf()
    view = PostgresPrintBatchView(pool, schema)
    facts = CohortFacts(records, names, holds, tables, schemes)
    request = RequestPrintBatch(facts, batches, profiles, tables, tables, uow, clock)
    render = RenderBatch(batches, profiles, records, names, schemes, renderer, tables, tables,
                         uow, clock, holds, tables)  # fmt: skip
    worker = PrintWorker(pool, schema, tables, render,
                         OpenFollowUps(view, batches, facts, request),
                         follow_up_interval=service.follow_up_interval)  # fmt: skip
    request.nudge = worker.nudge
    handlers = PrintProfileHandlers(profiles, clock)
    page = CertificatePage(records, names, schemes, handlers, renderer)
    return Printing(handlers, request, view, tables, renderer, worker, page, batches)


def wire_features(
    service: CertificateService, keys: KeyRing, key_store: PostgresKeyStore
) -> Features:
    pool, schema = service.pool, service.schema
    store, uow = PostgresEventStore(pool, schema), PostgresUnitOfWork(pool)
    signer = Ed25519Signer(keys)
    issuance = Issuance(store, PostgresNumbering(schema), signer, service.numbers,
                        PostgresStatusIndices(schema))  # fmt: skip
    listing = PostgresRecommendationListing(pool, schema)
    decide = Decide(recommendations(store), decision_streams(store), store, uow, issuance,
                    service.panels, service.now, involvements(store))  # fmt: skip
    register = PostgresCertificateRegister(pool, schema)
    holders = PostgresSealedCopies(pool, schema, "holders")
    details = HolderDetails(SealedPersonalData(GroupedReads(holders), key_store))
    public = PostgresPublicRegister(register, pool, schema)
    verify = Verify(public, PostgresVerificationLog(pool, schema), details, service.now)
    streams = certificates(store)
    schemes = PostgresSchemeVersions(pool, schema)
    printing = wire_printing(service, schemes, details)
    documents = wire_decision_documents(service, printing, keys)
    return Features(
        recommendations(store), listing, decide, DecideSession(decide, listing), register,
        verify, holders, details, SignAgreement(streams, service.now),
        ChangeCertificate(streams, store, uow, issuance, service.now),
        ExpireCertificates(streams, register, service.now),
        schemes, printing, wire_reporting(service, printing, details, documents),
        involvements(store), documents,
        ImportBlanko(read_blanko_table, PostgresCertificateNumbers(pool, schema),
                     PostgresBlankoClaims(pool, schema), streams, store, uow, service.now),
        PublishList(PostgresStatusEntries(pool, schema), signer, service.public_url, service.now),
        ExportCredential(streams, details, schemes, printing.profiles, signer, service.public_url),
    )  # fmt: skip


def wire_decision_documents(
    service: CertificateService, printing: Printing, keys: KeyRing
) -> DecisionDocumentHandlers:
    pool, schema = service.pool, service.schema
    store = PostgresEventStore(pool, schema)
    return DecisionDocumentHandlers(
        decision_documents(store), decision_streams(store),
        PostgresSessionDecisions(pool, schema), printing.profiles, DocumentPdf(),
        PdfSigner(keys), PostgresDocumentFiles(pool, schema), PostgresUnitOfWork(pool),
        service.now,
    )  # fmt: skip


def public_url_from_environment() -> str:
    return os.environ.get(PUBLIC_URL) or LOCAL_PUBLIC_URL


def number_format_from_environment() -> NumberFormat:
    return NumberFormat(os.environ.get(NUMBER_FORMAT) or NumberFormat().pattern)


@dataclass
class CertificateService(ServiceRoot):
    database: str = DATABASE
    source_topic: str = ASSESSMENT_EVENTS
    registration_topic: str = REGISTRATION_EVENTS  # scheme versions (titles to print)
    personal_data_topic: str = PERSONAL_DATA
    topic: str = CERTIFICATE_EVENTS
    group_id: str = GROUP
    run_relay: bool = True
    # Tests replace the clock (issue dates, expiry).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    subscriptions: Sequence[Callable[[CertificateService], InboxConsumer]] = ()
    panels: PanelSizes = field(default_factory=panels_from_environment)
    numbers: NumberFormat = field(default_factory=number_format_from_environment)
    public_url: str = field(default_factory=public_url_from_environment)
    keys: KeyRing | None = None  # None: from the environment at start
    key_store: KeyStoreLocation | None = None  # None: from the environment at start
    expiry_interval: float = 3600.0  # seconds between expiry rounds
    # Printing's sources (None: the holders' sealed names, the appeal and agreement state);
    # tests may give doubles.
    holder_names: HolderNames | None = None
    holds: Holds | None = None
    follow_up_interval: float = 10.0  # seconds between looks for a batch's follow-up
    consumers: list[InboxConsumer] = field(default_factory=list)
    relay: Relay | None = field(default=None, init=False)
    wired: Features | None = field(default=None, init=False)
    person_keys: PostgresKeyStore | None = field(default=None, init=False)
    # Each read model's runner holds a connection (LISTEN), and an issuing transaction borrows
    # a second one while it holds its first (the certificate stream's load, which takes no tx):
    # 16 deciders at once need the 16 plus one spare beyond the background's (test_numbering).
    pool_size: int = field(default=24, init=False)

    async def start(self) -> None:
        secrets.check()  # the shared secrets first, as every service; then the signing keys
        self.keys = self.keys or keys_from_environment()
        await super().start()

    async def install(self, conn: Any, schema: str) -> None:
        await install(conn, schema)

    async def wire(self) -> None:
        self.ended_sessions = EndedSessions(self.pool, self.schema)
        await self.ended_sessions.reload()
        self.in_background(self.ended_sessions, "ended sessions")
        assert self.keys is not None
        self.person_keys = PostgresKeyStore(
            self.key_store or key_store_from_environment(self.settings)
        )
        await self.person_keys.start()
        self.wired = wired = wire_features(self, self.keys, self.person_keys)
        store = PostgresEventStore(self.pool, self.schema)
        for read_model in read_models(self.schema):
            runner = ProjectionRunner(self.pool, self.schema, store, read_model)
            self.in_background(runner, read_model.name)
        self.in_background(wired.printing.worker, "print worker")
        self.in_background(ExpiryRounds(wired.expire, self.expiry_interval), "expiry")
        await ensure_topics(
            self.settings.kafka_bootstrap,
            [
                self.source_topic,
                self.registration_topic,
                self.personal_data_topic,
                self.dead_letters,
                self.topic,
            ],
        )
        for subscribe in self.subscriptions:
            consumer = subscribe(self)
            self.consumers.append(consumer)
            self.in_background(consumer, "consumer")
        if self.run_relay:
            self.relay = Relay(
                self.pool, self.schema, self.settings.kafka_bootstrap, self.topic, to_public
            )
            self.in_background(self.relay, "relay")

    async def stop(self) -> None:
        await super().stop()
        if self.wired is not None:
            self.wired.printing.renderer.close()  # the QR drawing process, if it was started
        if self.person_keys is not None:
            await self.person_keys.stop()

    def now(self) -> datetime:
        return self.clock()

    @property
    def dead_letters(self) -> str:
        return dead_letter_topic(self.group_id)

    def features(self) -> Features:
        assert self.wired is not None, "service not started"
        return self.wired

    def key_ring(self) -> KeyRing:
        assert self.keys is not None, "service not started"
        return self.keys
