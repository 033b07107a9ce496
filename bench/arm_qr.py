"""Arm qr: a certificate's QR code as a PNG through the certificate service's real HTTP API,
closed loop, vs segno drawing the same PNG alone.

The service runs in a child process (bench.verify_host: the real app under uvicorn, fresh
schema, topics and key store, relay and read models running) with `qr_certificates` (100)
certificates issued and released through its own path before any timing. Ours: `qr_clients`
(16) HTTP/1.1 clients (bench.phone_http, keep-alive, one request in flight each) with the LSP
admin's token ask `GET /certificates/{id}/qr.png?scale=6` for certificates drawn at random, as
fast as the answers come, for `qr_seconds`: the token checked, the register's row read, the PNG
answered; figure = PNGs answered 200 per second. Baseline, same round: segno (the library the
service draws with) making the PNG of the same payloads at the same scale, level Q,
alphanumeric, in this process, one after the other: PNGs per second of one core, what every
request cost before the service kept the PNGs it drew. Beside them: the same clients each
revalidating one certificate's PNG with `If-None-Match` (what a browser showing it again does),
answered 304 per second. Target: ours >= 10x the baseline."""

from __future__ import annotations

import asyncio
import contextlib
import io
import random
import time
from collections.abc import AsyncIterator
from importlib import metadata
from typing import Any
from uuid import UUID

import segno

from bench.arm_verify import host
from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.hosting import cpu_seconds
from bench.phone_http import HttpError, PhoneHttp
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

TITLE = "certificate QR PNG over HTTP (GET /certificates/{id}/qr.png), vs segno drawing it alone"
TARGET = 10.0
SCALE = 6  # the endpoint's default: pixels per module


def segno_png(payload: str) -> bytes:
    code = segno.make(payload, error="q", mode="alphanumeric", boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=SCALE, border=4)
    return out.getvalue()


async def closed_loop(clients: list[PhoneHttp], paths: list[list[str]], seconds: float,
                      expected: int, rng: random.Random) -> dict[str, Any]:  # fmt: skip
    """Each client asks for one of its paths after the other until `seconds` have passed."""
    statuses: dict[str, int] = {}
    answered = 0
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    end = t0 + seconds

    async def client_loop(client: PhoneHttp, mine: list[str]) -> None:
        nonlocal answered
        while loop.time() < end:
            try:
                answer = await client.request("GET", rng.choice(mine))
            except (HttpError, OSError, EOFError, TimeoutError, ValueError) as exc:
                statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                continue
            statuses[str(answer.status)] = statuses.get(str(answer.status), 0) + 1
            if answer.status == expected:
                answered += 1

    await asyncio.gather(*(client_loop(c, p) for c, p in zip(clients, paths, strict=True)))
    elapsed = loop.time() - t0
    return {"answered": answered, "rate": round(answered / elapsed, 1), "statuses": statuses}


@contextlib.asynccontextmanager
async def clients_of(port: int, headers: list[dict[str, str]]) -> AsyncIterator[list[PhoneHttp]]:
    clients = [PhoneHttp("127.0.0.1", port, h, max_connections=1, timeout=30) for h in headers]
    try:
        yield clients
    finally:
        for client in clients:
            await client.aclose()


async def _arm(cfg: Config) -> list[ArmResult]:
    unit = "per s"
    ours_side = Side("ours: GET …/qr.png answered 200", unit)
    bare_side = Side("segno drawing the same PNG alone (one core)", unit)
    extra = {"revalidated": Side("ours: If-None-Match answered 304", unit),
             "host_cpu": Side("service process's CPU during ours", "cores")}  # fmt: skip
    notes: list[str] = []
    rng = random.Random(11)
    say(f"  issuing {cfg.qr_certificates} certificates in the host (untimed)")
    async with host(cfg.qr_certificates) as (proc, port, ready):
        admin = bearer_headers(Role.LSP_ADMIN, lsp_id=UUID(ready["lsp_id"]))
        paths = [f"/certificates/{c}/qr.png?scale={SCALE}" for c in ready["certificate_ids"]]
        payloads: list[str] = ready["qr_payloads"]
        async with clients_of(port, [admin] * cfg.qr_clients) as clients:
            first = await clients[0].request("GET", paths[0])
            assert first.status == 200, first.text
            etags = [(await clients[0].request("GET", p)).headers.get("etag") for p in paths]
            notes.append(f"a PNG is {len(first.body):,} bytes; ETag given: {etags[0] is not None}")
            await closed_loop(clients, [paths] * len(clients), 1.0, 200, rng)  # warm-up

            async def ours(_: int) -> Sample:
                cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
                detail = await closed_loop(clients, [paths] * len(clients), cfg.qr_seconds,
                                           200, rng)  # fmt: skip
                cores = (cpu_seconds(proc.pid) - cpu0) / (time.perf_counter() - t0)
                detail["host_cpu_cores"] = round(cores, 2)
                extra["host_cpu"].samples.append(Sample(cores))
                return Sample(detail["rate"], detail)

            async def bare(_: int) -> Sample:
                drawn, t0 = 0, time.perf_counter()
                while time.perf_counter() - t0 < cfg.qr_seconds:
                    segno_png(payloads[drawn % len(payloads)])
                    drawn += 1
                return Sample(drawn / (time.perf_counter() - t0), {"drawn": drawn})

            await interleave(cfg.qr_rounds, ours, bare, label="qr", ours_side=ours_side,
                             baseline_side=bare_side)  # fmt: skip
        if all(etags):
            revalidating = [{**admin, "If-None-Match": str(e)} for e in etags]
            picked = [rng.randrange(len(paths)) for _ in range(cfg.qr_clients)]
            async with clients_of(port, [revalidating[i] for i in picked]) as clients:
                mine = [[paths[i]] for i in picked]
                for _ in range(cfg.qr_rounds):
                    detail = await closed_loop(clients, mine, cfg.qr_seconds, 304, rng)
                    extra["revalidated"].samples.append(Sample(detail["rate"], detail))
        else:
            notes.append("no ETag: revalidation not measured")
    notes.append("the clients (this process) and the service (one child process) share the "
                 "machine's 2 cores; the baseline runs in this process alone")  # fmt: skip
    return [ArmResult(
        arm="qr", title=TITLE, ours=ours_side, baseline=bare_side,
        targets=[Target(f"ours >= {TARGET:.0f}x segno alone", "ratio", "higher", TARGET)],
        extra_figures=extra, notes=notes,
        settings={"certificates": cfg.qr_certificates, "clients": cfg.qr_clients,
                  "seconds_per_round": cfg.qr_seconds, "rounds": cfg.qr_rounds, "scale": SCALE,
                  "endpoint": "GET /certificates/{id}/qr.png (LSP admin)",
                  "versions": {"segno": metadata.version("segno")}},
    )]  # fmt: skip


async def run(cfg: Config) -> list[ArmResult]:
    say("[qr]")
    target = [Target(f"ours >= {TARGET:.0f}x segno alone", "ratio", "higher", TARGET)]
    return await run_guarded("qr", TITLE, lambda: target, lambda: _arm(cfg))
