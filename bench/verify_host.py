"""The certificate service for the verify arm, in its own process, on a fresh schema.

`python -m bench.verify_host --port P --certificates N --ready F`: starts the real
CertificateService (bench.certificate_cohort: fresh schema, fresh topics, a key store of its
own, consumers, relay and read models running), issues N certificates through the service's own
path (recommendations, holders' sealed names and the scheme through Kafka, the session decided
and every agreement signed through the API; untimed), writes their tokens to F (JSON), then
serves the real app with uvicorn on 127.0.0.1:P. The app gets one more route for the baseline,
`GET /bare/verify/{token}`: the same server stack answering a constant, no database. Stops on
SIGTERM or when its parent goes."""

from __future__ import annotations

import argparse
import time
import uuid
from pathlib import Path
from typing import Any

import uvloop

from bench.certificate_cohort import api_of, certificate_service, decide, issued, receive, sign
from bench.hosting import serve
from certificate.api.app import create_app

CONSTANT = {"number": "KOP-KASIR/2026/00001", "status": "valid"}


def with_bare_route(app: Any) -> Any:
    @app.get("/bare/verify/{token}", include_in_schema=False)
    async def bare(token: str) -> dict[str, str]:
        return CONSTANT

    return app


async def main(args: argparse.Namespace) -> None:
    async with certificate_service() as service:
        began = time.perf_counter()
        lsp, session = uuid.uuid4(), uuid.uuid4()
        async with api_of(service) as api:
            await receive(service, lsp, session, args.certificates)
            await decide(api, lsp, session, args.certificates)
            await sign(api, await issued(service, lsp, session, args.certificates,
                                         "awaiting_agreement"))  # fmt: skip
            rows = await issued(service, lsp, session, args.certificates, "valid")
        ready = {"tokens": [r["token"] for r in rows], "schema": service.schema,
                 "prepare_seconds": round(time.perf_counter() - began, 1),
                 # for the qr arm: the LSP's admin asks for these certificates' QR PNGs
                 "lsp_id": str(lsp), "certificate_ids": [str(r["certificate_id"]) for r in rows],
                 "qr_payloads": [r["qr_payload"] for r in rows]}  # fmt: skip
        await serve(with_bare_route(create_app(service)), args.port, Path(args.ready), ready)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.verify_host")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--certificates", type=int, required=True)
    p.add_argument("--ready", required=True)
    return p.parse_args(argv)


if __name__ == "__main__":
    # The loop the services run on: servicekit's runner picks uvloop.
    uvloop.run(main(parse()))
