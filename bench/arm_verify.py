"""Arm verify: public verification through the certificate service's real HTTP API, open loop,
vs the same server stack answering a constant at the same rate.

The service runs in a child process (bench.verify_host: the real app under uvicorn on a free
127.0.0.1 port, its own fresh schema, topics and key store, consumers, relay and read models
running) with `verify_certificates` (1,000) certificates issued through its own path and their
agreements signed before any timing. Verifiers are HTTP/1.1 clients of their own
(bench.phone_http, keep-alive; 50 of them, as phones scanning QR codes); request i is due at
t0 + i/rate whatever the answers before it (open loop: a slow answer does not slow the offered
load) and asks `GET /verify/{token}` for a token drawn at random from the issued ones: the
register's row read by token, the holder's name opened with their key from the key store and
its reading recorded, the verification recorded, the JSON answer. Latency: from when the
request was due to the whole answer read. Baseline, same process, same clients, same rate:
`GET /bare/verify/{token}` of the same app (FastAPI, its middleware, uvicorn) answering a
constant. Target: ours p99 <= 50 ms at 500 requests/s."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bench.arm_phones import pct
from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.hosting import answering, cpu_seconds, free_port, spawn, stop
from bench.phone_http import HttpError, PhoneHttp

TITLE = "public verification by token over HTTP, open loop, vs the same stack answering a constant"
P99_MS = 50.0
VERIFIERS = 50


@contextlib.asynccontextmanager
async def host(certificates: int) -> AsyncIterator[tuple[Any, int, dict[str, Any]]]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    ready_file, log, port = workdir / "ready.json", workdir / "host.log", free_port()
    command = [sys.executable, "-m", "bench.verify_host", "--port", str(port),
               "--certificates", str(certificates), "--ready", str(ready_file)]  # fmt: skip
    proc = spawn(command, log)
    try:
        await answering(proc, port, ready_file, log, "verify host")
        yield proc, port, json.loads(ready_file.read_text())
    finally:
        stop(proc)


async def load(clients: list[PhoneHttp], tokens: list[str], rate: float, seconds: float,
               bare: bool, rng: random.Random) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors: list[str] = []
    lags: list[float] = []
    loop = asyncio.get_running_loop()
    n = int(rate * seconds)
    base = "/bare/verify/" if bare else "/verify/"

    async def one(client: PhoneHttp, token: str, due: float) -> None:
        try:
            answer = await client.request("GET", base + token)
        except (HttpError, OSError, EOFError, TimeoutError, ValueError) as exc:
            statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
            return
        statuses[str(answer.status)] = statuses.get(str(answer.status), 0) + 1
        if answer.status != 200 or (not bare and answer.json()["status"] != "valid"):
            if len(errors) < 5:
                errors.append(f"{answer.status} {answer.text[:200]}")
            return
        latencies.append(loop.time() - due)

    tasks = []
    t0 = loop.time() + 0.05
    for i in range(n):
        due = t0 + i / rate
        if (delay := due - loop.time()) > 0:
            await asyncio.sleep(delay)
        lags.append(loop.time() - due)
        tasks.append(asyncio.create_task(one(clients[i % len(clients)], rng.choice(tokens), due)))
    await asyncio.gather(*tasks)
    elapsed = loop.time() - t0
    return {"requests": n, "answered_rate": round(len(latencies) / elapsed, 1),
            "p50_ms": round(pct(latencies, 0.50), 1), "p99_ms": round(pct(latencies, 0.99), 1),
            "max_ms": round(pct(latencies, 1.0), 1), "statuses": statuses,
            "first_errors": errors, "schedule_lag_p99_ms": round(pct(lags, 0.99), 1)}  # fmt: skip


async def _arm(cfg: Config) -> list[ArmResult]:
    ours_side = Side("ours: GET /verify/{token} p99", "ms")
    bare_side = Side("bare: GET /bare/verify/{token} (a constant) p99", "ms")
    extra = {"p50": Side("ours: p50", "ms"), "bare_p50": Side("bare: p50", "ms"),
             "rate": Side("ours: answered 200 valid", "per s"),
             "bare_rate": Side("bare: answered 200", "per s"),
             "host_cpu": Side("service process's CPU during ours", "cores")}  # fmt: skip
    notes: list[str] = []
    rng = random.Random(11)
    say(f"  issuing {cfg.verify_certificates} certificates in the host (untimed)")
    async with host(cfg.verify_certificates) as (proc, port, ready):
        tokens = ready["tokens"]
        notes.append(f"{len(tokens)} certificates issued and released in "
                     f"{ready['prepare_seconds']} s (untimed)")  # fmt: skip
        clients = [PhoneHttp("127.0.0.1", port, {}, max_connections=8, timeout=30)
                   for _ in range(VERIFIERS)]  # fmt: skip
        try:
            for bare in (True, False):  # warm-up: connections open, caches filled
                await load(clients, tokens, 200, 1.0, bare, rng)

            async def ours(_: int) -> Sample:
                cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
                detail = await load(clients, tokens, cfg.verify_rate, cfg.verify_seconds,
                                    False, rng)  # fmt: skip
                cores = (cpu_seconds(proc.pid) - cpu0) / (time.perf_counter() - t0)
                detail["host_cpu_cores"] = round(cores, 2)
                extra["p50"].samples.append(Sample(detail["p50_ms"]))
                extra["rate"].samples.append(Sample(detail["answered_rate"]))
                extra["host_cpu"].samples.append(Sample(cores))
                return Sample(detail["p99_ms"], detail)

            async def bare(_: int) -> Sample:
                detail = await load(clients, tokens, cfg.verify_rate, cfg.verify_seconds,
                                    True, rng)  # fmt: skip
                extra["bare_p50"].samples.append(Sample(detail["p50_ms"]))
                extra["bare_rate"].samples.append(Sample(detail["answered_rate"]))
                return Sample(detail["p99_ms"], detail)

            await interleave(cfg.verify_rounds, ours, bare, label="verify",
                             ours_side=ours_side, baseline_side=bare_side)  # fmt: skip
        finally:
            for client in clients:
                await client.aclose()
    notes.append("client and server share the machine's 2 cores (the verifiers' clients in "
                 "the bench process, the service in one child process)")  # fmt: skip
    return [ArmResult(
        arm="verify", title=TITLE, ours=ours_side, baseline=bare_side,
        targets=[Target(f"verification p99 <= {P99_MS:.0f} ms at {cfg.verify_rate:.0f}/s",
                        "ours", "lower", P99_MS)],
        extra_figures=extra, notes=notes,
        settings={"offered_rate_per_s": cfg.verify_rate, "seconds_per_round": cfg.verify_seconds,
                  "rounds": cfg.verify_rounds, "certificates": cfg.verify_certificates,
                  "verifiers": VERIFIERS, "tokens": "drawn at random, seed 11",
                  "endpoint": "GET /verify/{token} (JSON)"},
    )]  # fmt: skip


async def run(cfg: Config) -> list[ArmResult]:
    say("[verify]")
    target = [Target(f"verification p99 <= {P99_MS:.0f} ms", "ours", "lower", P99_MS)]
    return await run_guarded("verify", TITLE, lambda: target, lambda: _arm(cfg))
