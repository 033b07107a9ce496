"""HTTP API of certificate: the LSP's decisions and certificates, public verification and the
key set (api.access). The kit (servicekit) adds the guards, the errors body, /health and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from certificate.agreements.api import agreement
from certificate.blanko.api import blanko_imports
from certificate.bootstrap import CertificateService
from certificate.credentials.api import credential
from certificate.decision_documents.api import decision_documents
from certificate.decision_documents.api.decision_documents import MAX_DOCUMENT_BYTES
from certificate.decisions.api import decisions
from certificate.issuance.api import certificates
from certificate.lifecycle.api import lifecycle
from certificate.printing.api import certificate_pdf, print_batches, print_profile
from certificate.recommendations.api import recommendations
from certificate.reporting.api import blanko_request, progress
from certificate.status_lists.api import status_lists
from certificate.verification.api import offline, verify
from servicekit import app as kit
from servicekit.guards import BodyLimit
from servicekit.uploads import too_large

ROUTERS = [
    recommendations.router,
    decisions.router,
    certificates.router,
    lifecycle.router,
    agreement.router,
    offline.router,  # before verify's /verify/{token}: "offline" is no token
    verify.router,
    print_profile.router,
    print_batches.router,
    certificate_pdf.router,
    blanko_request.router,
    progress.router,
    decision_documents.router,
    blanko_imports.router,
    status_lists.router,
    credential.router,
]

# An uploaded file (a decision document to check, the authority's blanko file) is read as it
# streams in, up to its limit (8 MB; the blanko file's own limit, 5 MB, is checked after).
UPLOAD = BodyLimit(
    MAX_DOCUMENT_BYTES + 64 * 1024,
    streamed=True,
    too_large=lambda: too_large("file", MAX_DOCUMENT_BYTES),
)
UPLOAD_PATHS = {"/decision-documents/checks", "/blanko-imports"}


def limit_for(path: str) -> BodyLimit:
    return UPLOAD if path in UPLOAD_PATHS else BodyLimit()


def create_app(service: CertificateService, lifespan: kit.Lifespan | None = None) -> FastAPI:
    return kit.create_app(
        "Kompeten certificate", service, ROUTERS, lifespan=lifespan, limit_for=limit_for
    )
