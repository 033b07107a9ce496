"""HTTP API of assessment: queries of its read models, for the LSP staff who plan assessments
(api.access). The kit (servicekit) adds the guards, the errors body, /health and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from assessment.appeals.api import appeals
from assessment.assessors.api import assessors
from assessment.banks.adapters.bank_table import MAX_FILE_BYTES as BANK_FILE_BYTES
from assessment.banks.api import banks
from assessment.bootstrap import AssessmentService
from assessment.capture.api import capture
from assessment.evidence.api import evidence
from assessment.evidence.domain.media import MAX_EVIDENCE_BYTES
from assessment.exams.api import essays, exams, roster
from assessment.intake.api import applications, candidates
from assessment.judgement.api import judgements, report_findings, reports
from assessment.planning.api import (
    assessor_sessions,
    preparation,
    session_board,
    session_changes,
    sessions,
)
from assessment.progress.api import progress
from assessment.sites.api import sites
from assessment.training.adapters.completion_table import MAX_FILE_BYTES as TRAINING_FILE_BYTES
from assessment.training.api import training
from servicekit import app as kit
from servicekit.guards import BodyLimit
from servicekit.uploads import too_large

# Matched in this order, route by route: the exam router first, as its answer batches are most
# of the traffic in a hall (matching through six routers before it was a tenth of a save's CPU).
# No other router's paths start with /exams, so nothing else matches differently.
ROUTERS = [
    exams.router,
    candidates.router,
    applications.router,
    sites.router,
    assessors.router,
    banks.router,
    sessions.router,
    roster.router,
    judgements.router,
    capture.router,
    training.router,
    appeals.router,
    session_changes.router,
    preparation.router,
    assessor_sessions.router,
    essays.router,
    evidence.router,
    progress.router,
    reports.router,
    report_findings.router,
    session_board.router,
]

# An evidence file is read as it streams in (servicekit.uploads stops at the file's limit); the
# body may hold it plus the multipart framing.
EVIDENCE = BodyLimit(
    MAX_EVIDENCE_BYTES + 64 * 1024,
    streamed=True,
    too_large=lambda: too_large("file", MAX_EVIDENCE_BYTES),
)
# A spreadsheet (question bank, training completions) is read whole, at most its file's limit.
BANK_FILE = BodyLimit(BANK_FILE_BYTES + 64 * 1024)
TRAINING_FILE = BodyLimit(TRAINING_FILE_BYTES + 64 * 1024)
JSON = BodyLimit()


def limit_for(path: str) -> BodyLimit:
    if path.startswith("/sessions/") and path.endswith("/evidence"):
        return EVIDENCE
    if path.startswith("/banks/") and path.endswith("/imports"):
        return BANK_FILE
    return TRAINING_FILE if path == "/training/completions/imports" else JSON


def create_app(service: AssessmentService, lifespan: kit.Lifespan | None = None) -> FastAPI:
    return kit.create_app(
        "Kompeten assessment",
        service,
        ROUTERS,
        lifespan=lifespan,
        limit_for=limit_for,
        lanes=exams.LANES,
    )
