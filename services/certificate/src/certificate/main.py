"""The certificate process: HTTP API, the consumers of assessment's and registration's events
and of the internal personal-data topic (the holders' sealed details), and the background parts
(relay, read models, print worker, expiry rounds)."""

from __future__ import annotations

from fastapi import FastAPI

from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from certificate.consumers import assessment_events, personal_data, registration_events
from eventkit.settings import load_settings
from servicekit.runner import serve


def app() -> FastAPI:
    service = CertificateService(
        load_settings(),
        subscriptions=[
            assessment_events.subscribe,
            registration_events.subscribe,
            personal_data.subscribe,
        ],
    )
    return create_app(service, lifespan=service.lifespan)


def main() -> None:
    serve("certificate", app, default_port=18003)


if __name__ == "__main__":
    main()
