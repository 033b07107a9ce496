"""The certificate process: HTTP API, the consumer of assessment's events and that of the
internal personal-data topic (the holders' sealed details)."""

from __future__ import annotations

from fastapi import FastAPI

from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from certificate.consumers import assessment_events, personal_data
from eventkit.settings import load_settings
from servicekit.runner import serve


def app() -> FastAPI:
    service = CertificateService(
        load_settings(), subscriptions=[assessment_events.subscribe, personal_data.subscribe]
    )
    return create_app(service, lifespan=service.lifespan)


def main() -> None:
    serve("certificate", app, default_port=18003)


if __name__ == "__main__":
    main()
