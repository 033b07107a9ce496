"""HTTP API of certificate: the LSP's decisions and certificates, public verification and the
key set (api.access). The kit (servicekit) adds the guards, the errors body, /health and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from certificate.agreements.api import agreement
from certificate.bootstrap import CertificateService
from certificate.credentials.api import credential
from certificate.decisions.api import decisions
from certificate.issuance.api import certificates
from certificate.lifecycle.api import lifecycle
from certificate.printing.api import certificate_pdf, print_batches, print_profile
from certificate.recommendations.api import recommendations
from certificate.reporting.api import blanko_request, progress
from certificate.status_lists.api import status_lists
from certificate.verification.api import verify
from servicekit import app as kit

ROUTERS = [
    recommendations.router,
    decisions.router,
    certificates.router,
    lifecycle.router,
    agreement.router,
    verify.router,
    print_profile.router,
    print_batches.router,
    certificate_pdf.router,
    blanko_request.router,
    progress.router,
    status_lists.router,
    credential.router,
]


def create_app(service: CertificateService, lifespan: kit.Lifespan | None = None) -> FastAPI:
    return kit.create_app("Kompeten certificate", service, ROUTERS, lifespan=lifespan)
