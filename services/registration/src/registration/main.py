"""The registration process: HTTP API and the relay that publishes its log to Kafka."""

from __future__ import annotations

from fastapi import FastAPI

from eventkit.settings import load_settings
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from servicekit.runner import serve


def app() -> FastAPI:
    service = RegistrationService(load_settings())
    return create_app(service, lifespan=service.lifespan)


def main() -> None:
    serve("registration", app, default_port=18001)


if __name__ == "__main__":
    main()
