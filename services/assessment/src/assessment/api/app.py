"""HTTP API of assessment: queries of its read models, for the LSP staff who plan assessments
(api.access). The kit (servicekit) adds the guards, the errors body, /health and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from assessment.appeals.api import appeals
from assessment.assessors.api import assessors
from assessment.banks.api import banks
from assessment.bootstrap import AssessmentService
from assessment.capture.api import capture
from assessment.exams.api import essays, exams, roster
from assessment.intake.api import applications, candidates
from assessment.judgement.api import judgements
from assessment.planning.api import assessor_sessions, preparation, session_changes, sessions
from assessment.sites.api import sites
from assessment.training.api import training
from servicekit import app as kit

ROUTERS = [
    candidates.router,
    applications.router,
    sites.router,
    assessors.router,
    banks.router,
    sessions.router,
    exams.router,
    roster.router,
    judgements.router,
    capture.router,
    training.router,
    appeals.router,
    session_changes.router,
    preparation.router,
    assessor_sessions.router,
    essays.router,
]


def create_app(service: AssessmentService, lifespan: kit.Lifespan | None = None) -> FastAPI:
    return kit.create_app("Kompeten assessment", service, ROUTERS, lifespan=lifespan)
