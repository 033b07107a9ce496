"""The registration service for arm h (phones), in its own process, on a fresh schema.

`python -m bench.phones_host --schema S --port P --phones N --apps-per-phone K --ready F
[--topic T] [--tracing] [--serve-only]`: starts `RegistrationService` on schema S of
kompeten_test (with its relay to topic T when given, as `registration.main` runs it), seeds the
scheme catalogue and the 40 demo cooperatives through their handlers, registers N candidates and
starts K draft applications each through the real handlers (so the measured operations are the
submissions), writes what the phones need to F (JSON), then serves the real app with uvicorn on
127.0.0.1:P (FastAPIInstrumentor and an SDK tracer provider with --tracing, as
`registration.main`). With --serve-only it is one more replica of the same service on the same
schema: it prepares nothing and writes an empty F once it serves. Stops on SIGTERM/SIGINT, when
its parent process goes away, or after --max-seconds; stops the service on the way out.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
import uuid
from pathlib import Path
from typing import Any
from uuid import uuid5

from bench.harness import TEST_DATABASE
from bench.hosting import serve
from eventkit.settings import load_settings
from registration.api.app import create_app
from registration.applications.application.start_application import start_application
from registration.bootstrap import RegistrationService
from registration.candidates.application.register_candidate import RegisterCandidateRequest
from registration.seed import NAMESPACE, seed
from registration.seed.cooperatives import DEMO_COOPERATIVES

SCHEME = ("KOP-KASIR", 1)
DISTRICT = "5107"


def phone_nik(i: int) -> tuple[str, str]:
    """A valid NIK of Karangasem born 19yy-mm-dd, and that birth date; distinct per i."""
    day, month, year = 1 + i % 28, 1 + (i // 28) % 12, 60 + i % 30
    subdistrict, serial = 1 + i // 9999, 1 + i % 9999
    nik = f"{DISTRICT}{subdistrict:02d}{day:02d}{month:02d}{year:02d}{serial:04d}"
    return nik, f"19{year:02d}-{month:02d}-{day:02d}"


async def _wait(what: str, check: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = await check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout} s")
        await asyncio.sleep(0.1)


async def prepare(service: RegistrationService, phones: int, apps_per_phone: int) -> dict[str, Any]:
    catalogue = service.catalogues()
    await seed(catalogue)
    scheme = await _wait(
        "seeded scheme", lambda: catalogue.scheme_catalogue.published_version(*SCHEME)
    )

    async def all_cooperatives() -> bool:
        found = await catalogue.cooperative_directory.search(DISTRICT)
        return len(found) >= len(DEMO_COOPERATIVES)

    await _wait("40 cooperatives in the directory", all_cooperatives)
    applications = service.applications
    assert applications is not None
    gate = asyncio.Semaphore(16)
    run = uuid.uuid4().hex[:8]

    async def phone(i: int) -> dict[str, Any]:
        nik, birth_date = phone_nik(i)
        email = f"phone{i}.{run}@example.id"
        async with gate:
            registered = await service.handler()(
                RegisterCandidateRequest(uuid.uuid4(), f"Peserta Ponsel {i}", nik, email, DISTRICT)
            )
        apps = []
        for _ in range(apps_per_phone):
            async with gate:
                started = await start_application(
                    applications, registered.candidate_id, uuid.uuid4(), uuid.uuid4()
                )
            apps.append(str(started.application_id))
        legal_number = DEMO_COOPERATIVES[i % len(DEMO_COOPERATIVES)][2]
        return {
            "candidate_id": str(registered.candidate_id),
            "nik": nik,
            "birth_date": birth_date,
            "email": email,
            "cooperative_id": str(uuid5(NAMESPACE, legal_number)),
            "applications": apps,
        }

    began = time.perf_counter()
    prepared = await asyncio.gather(*[phone(i) for i in range(phones)])
    return {
        "scheme_code": scheme.scheme_code,
        "scheme_version": scheme.version,
        "units": [[u.code, [e.code for e in u.elements]] for u in scheme.units],
        "phones": prepared,
        "prepare_seconds": round(time.perf_counter() - began, 2),
    }


async def main(args: argparse.Namespace) -> None:
    if args.tracing:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        from bench.infra import setup_bench_tracing

        setup_bench_tracing("registration")
    options: dict[str, Any] = {"run_relay": bool(args.topic)}
    if args.topic:
        options["topic"] = args.topic
    service = RegistrationService(
        load_settings(), schema=args.schema, database=TEST_DATABASE, **options
    )
    await service.start()
    try:
        ready = {} if args.serve_only else await prepare(service, args.phones, args.apps_per_phone)
        app = create_app(service)
        if args.tracing:
            FastAPIInstrumentor.instrument_app(  # as registration.main does
                app, excluded_urls="/health", exclude_spans=["receive", "send"]
            )
        await serve(app, args.port, Path(args.ready), ready, args.max_seconds)
    finally:
        await service.stop()


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.phones_host")
    p.add_argument("--schema", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--phones", type=int, required=True)
    p.add_argument("--apps-per-phone", type=int, required=True)
    p.add_argument("--ready", required=True, help="file written once the server may start")
    p.add_argument("--topic", help="run the relay to this topic")
    p.add_argument("--tracing", action="store_true")
    p.add_argument(
        "--serve-only", action="store_true", help="another replica: serve, prepare nothing"
    )
    p.add_argument("--max-seconds", type=float, default=1800.0)
    return p.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(parse()))
