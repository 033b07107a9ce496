"""The assessment process: HTTP API, the consumer of registration's events and that of the
internal personal-data topic (the candidates' sealed names, for the roster)."""

from __future__ import annotations

from fastapi import FastAPI

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.consumers import personal_data, registration_events
from eventkit.settings import load_settings
from servicekit.runner import serve


def app() -> FastAPI:
    service = AssessmentService(
        load_settings(), subscriptions=[registration_events.subscribe, personal_data.subscribe]
    )
    return create_app(service, lifespan=service.lifespan)


def main() -> None:
    serve("assessment", app, default_port=18002)


if __name__ == "__main__":
    main()
