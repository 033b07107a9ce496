"""Where the certificate service's CPU goes per public verification: the real app in this
process, driven by raw ASGI calls (no HTTP, no client), under cProfile.

`python -m bench.profile_verify [--certificates 300] [--requests 4000] [--concurrency 50]
[--out /tmp/verify.prof]`: certificates issued and released as bench.verify_host does
(untimed, unprofiled), then `requests` GET /verify/{token} with random tokens, up to
`concurrency` in flight, profiled with the service's background parts (read models, relay,
consumers, print worker) running as in production. Prints verifications per second, the CPU
per verification and the top functions by cumulative and own time."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import time
import uuid
from typing import Any

from bench.certificate_cohort import api_of, certificate_service, decide, issued, receive, sign
from certificate.api.app import create_app


async def call(app: Any, path: str) -> int:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "headers": [],
    }  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def main(args: argparse.Namespace) -> None:
    async with certificate_service() as service:
        lsp, session = uuid.uuid4(), uuid.uuid4()
        async with api_of(service) as api:
            await receive(service, lsp, session, args.certificates)
            await decide(api, lsp, session, args.certificates)
            await sign(api, await issued(service, lsp, session, args.certificates,
                                         "awaiting_agreement"))  # fmt: skip
            rows = await issued(service, lsp, session, args.certificates, "valid")
        tokens, rng, app = [r["token"] for r in rows], random.Random(11), create_app(service)
        statuses: dict[int, int] = {}
        gate = asyncio.Semaphore(args.concurrency)

        async def one() -> None:
            async with gate:
                code = await call(app, f"/verify/{rng.choice(tokens)}")
            statuses[code] = statuses.get(code, 0) + 1

        await asyncio.gather(*(one() for _ in range(300)))  # warm-up
        profiler = cProfile.Profile()
        cpu0, t0 = time.process_time(), time.perf_counter()
        profiler.enable()
        await asyncio.gather(*(one() for _ in range(args.requests)))
        profiler.disable()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
        print(f"statuses {statuses}; {args.requests} verifications in {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU: {args.requests / wall:.0f}/s, "
              f"{1000 * cpu / args.requests:.3f} ms CPU each (profiled)")  # fmt: skip
        profiler.dump_stats(args.out)
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.profile_verify")
    p.add_argument("--certificates", type=int, default=300)
    p.add_argument("--requests", type=int, default=4000)
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--top", type=int, default=45)
    p.add_argument("--out", default="/tmp/verify.prof")
    return p.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
