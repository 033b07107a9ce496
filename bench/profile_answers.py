"""Where the service's CPU goes per answer save: the real app in this process, driven by a raw
ASGI call loop (no HTTP, no client), under cProfile.

`python -m bench.profile_answers [--phones 300] [--requests 6000] [--concurrency 100]
[--out /tmp/answers.prof]`: a fresh schema and topic, the session prepared as bench.answers_host
does (untimed, unprofiled), then `requests` answer batches of one record each (phone i mod
phones, as the answers arm sends them) with up to `concurrency` in flight, profiled with the
service's background followers (read models, relay) running as they do in production. Prints
the saves per second of CPU-bound work and the top functions by cumulative and own time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import random
import time
import uuid
from typing import Any

from assessment.api.app import create_app
from assessment.assessors.domain.limits import CandidateLimits
from assessment.bootstrap import AssessmentService
from bench.answers_host import PER_ASSESSOR, prepare
from bench.harness import TEST_DATABASE
from bench.infra import fresh_schema, topics
from eventkit.settings import load_settings
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers


async def call(app: Any, path: str, headers: dict[str, str], body: bytes) -> int:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        + [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def main(args: argparse.Namespace) -> None:
    async with fresh_schema("answersprof") as schema, topics("answersprof") as (topic,):
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, topic=topic,
            source_topic=f"{topic}.registration", group_id=f"bench-{schema}",
            assessor_limits=CandidateLimits(default=PER_ASSESSOR),
        )  # fmt: skip
        await service.start()
        try:
            ready = await prepare(service, args.phones)
            app = create_app(service)
            phones = []
            for i, p in enumerate(ready["phones"]):
                headers = bearer_headers(Role.CANDIDATE, candidate_id=uuid.UUID(p["candidate_id"]))
                phones.append({"i": i, "headers": headers, "attempt": p["attempt_id"],
                               "questions": p["questions"], "seq": 0,
                               "rng": random.Random(i)})  # fmt: skip

            def body(phone: dict[str, Any]) -> bytes:
                phone["seq"] += 1
                question_id, options = phone["questions"][phone["seq"] % len(phone["questions"])]
                record = {"answer_id": str(uuid.uuid4()), "question_id": question_id,
                          "seq": phone["seq"], "elapsed_ms": 1000 * phone["seq"],
                          "choice": phone["rng"].randrange(options)}  # fmt: skip
                return json.dumps({"written_through": phone["seq"], "answers": [record]}).encode()

            statuses: dict[int, int] = {}
            gate = asyncio.Semaphore(args.concurrency)

            async def one(i: int) -> None:
                phone = phones[i % len(phones)]
                async with gate:
                    code = await call(app, f"/exams/{phone['attempt']}/answers",
                                      phone["headers"], body(phone))  # fmt: skip
                statuses[code] = statuses.get(code, 0) + 1

            await asyncio.gather(*(one(i) for i in range(min(600, args.requests))))  # warm-up
            profiler = cProfile.Profile()
            cpu0, t0 = time.process_time(), time.perf_counter()
            profiler.enable()
            await asyncio.gather(*(one(i) for i in range(args.requests)))
            profiler.disable()
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
            print(f"statuses {statuses}; {args.requests} saves in {wall:.2f} s wall, "
                  f"{cpu:.2f} s CPU: {args.requests / wall:.0f}/s, "
                  f"{1000 * cpu / args.requests:.3f} ms CPU per save (profiled)")  # fmt: skip
            profiler.dump_stats(args.out)
            stats = pstats.Stats(profiler).strip_dirs()
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
        finally:
            await service.stop()


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.profile_answers")
    p.add_argument("--phones", type=int, default=300)
    p.add_argument("--requests", type=int, default=6000)
    p.add_argument("--concurrency", type=int, default=100)
    p.add_argument("--top", type=int, default=45)
    p.add_argument("--out", default="/tmp/answers.prof")
    return p.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
