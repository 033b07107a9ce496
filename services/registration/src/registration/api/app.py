"""HTTP API of registration: requests become commands and queries; nothing here decides.

Each feature is a router module in this package; endpoints receive the started service through
`api.root.Service`. The kit (servicekit) adds the guards, the errors body, /health and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from registration.applications.api import applications, evidence, verification
from registration.applications.domain.evidence import MAX_EVIDENCE_BYTES
from registration.audit.api import reads
from registration.bootstrap import RegistrationService
from registration.candidates.api import candidates
from registration.catalogue.api import cooperatives, schemes
from registration.cohorts.api import cohort_imports, progress
from registration.identity.api import sign_in, staff
from servicekit import app as kit
from servicekit.guards import BodyLimit
from servicekit.uploads import too_large

ROUTERS = [
    sign_in.router,
    staff.router,
    reads.router,
    candidates.router,
    applications.router,
    evidence.router,
    verification.router,
    cooperatives.router,
    schemes.router,
    cohort_imports.router,
    progress.router,
]

# Evidence is read as it streams in (servicekit.uploads stops at the document's limit); the body
# may hold the document plus the multipart framing. A cohort file (CSV/XLSX) is at most 10 MB.
EVIDENCE = BodyLimit(
    MAX_EVIDENCE_BYTES + 64 * 1024,
    streamed=True,
    too_large=lambda: too_large("file", MAX_EVIDENCE_BYTES),
)
COHORT_FILE = BodyLimit(10 * 1024 * 1024 + 64 * 1024)  # adapters.cohort_table.MAX_FILE_BYTES
JSON = BodyLimit()


def limit_for(path: str) -> BodyLimit:
    if path.endswith("/evidence"):
        return EVIDENCE
    return COHORT_FILE if path == "/cohort-imports" else JSON


def create_app(service: RegistrationService, lifespan: kit.Lifespan | None = None) -> FastAPI:
    return kit.create_app(
        "Kompeten registration", service, ROUTERS, lifespan=lifespan, limit_for=limit_for
    )
