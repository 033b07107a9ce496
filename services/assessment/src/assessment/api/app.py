"""HTTP API of assessment: queries of its read models, for the LSP staff who plan assessments
(api.access). The kit (servicekit) adds the guards, the errors body, /health and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from assessment.assessors.api import assessors
from assessment.banks.api import banks
from assessment.bootstrap import AssessmentService
from assessment.exams.api import exams
from assessment.intake.api import applications, candidates
from assessment.judgement.api import judgements
from assessment.planning.api import preparation, session_changes, sessions
from assessment.sites.api import sites
from servicekit import app as kit

ROUTERS = [
    candidates.router,
    applications.router,
    sites.router,
    assessors.router,
    banks.router,
    sessions.router,
    exams.router,
    judgements.router,
    session_changes.router,
    preparation.router,
]


def create_app(service: AssessmentService, lifespan: kit.Lifespan | None = None) -> FastAPI:
    return kit.create_app("Kompeten assessment", service, ROUTERS, lifespan=lifespan)
