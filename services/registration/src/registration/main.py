"""The registration process: HTTP API, the relay that publishes its log to Kafka, and the
consumer that mails assessment's notices to the people."""

from __future__ import annotations

from fastapi import FastAPI

from eventkit.settings import load_settings
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from registration.consumers import assessment_events
from servicekit.runner import serve


def app() -> FastAPI:
    service = RegistrationService(load_settings(), subscriptions=[assessment_events.subscribe])
    return create_app(service, lifespan=service.lifespan)


def main() -> None:
    serve("registration", app, default_port=18001)


if __name__ == "__main__":
    main()
