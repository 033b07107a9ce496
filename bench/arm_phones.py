"""Arm h: simulated phones submitting APL-01/APL-02 to registration's HTTP API, open loop.

The registration service runs in a child process (`bench.phones_host`: the real app under
uvicorn on a free 127.0.0.1 port, on a fresh schema of kompeten_test, its relay publishing to a
fresh topic as `registration.main` does). Before any timing the host registers `phones`
candidates and starts enough draft applications for every round, through the real handlers, so
the measured operations are the submissions. Each phone is its own HTTP/1.1 client
(`bench.phone_http`: keep-alive, up to 8 connections, far less CPU than httpx) with its
candidate's token. Load: `phone_rate` requests per second offered open loop (request i is
due at t0 + i/rate and goes out then, whatever is still in flight) for `phone_seconds`; request
i belongs to phone i mod `phones`. Each submission carries a fresh client_id; one phone in ten
also re-sends its previous submission (same client_id and body: a retry after a lost answer)
on every second turn, which the service must answer the same without applying it again; the
retries are part of the offered rate. Latency is counted from the due time (so a late start
counts), to the answer. Baseline, same round, same phones, same clients, same rate: GET /health
of the same server (the bare HTTP stack). Figures: p99 (ours vs baseline, hence the ratio), p50,
and the answered rate (2xx per second from the first due time to the last answer).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.hosting import answering, cpu_seconds, free_port, rss_mb, spawn, stop
from bench.infra import admin_dsn, fresh_schema, topics
from bench.phone_http import HttpError, PhoneHttp
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, issue_token

TITLE = "phones submitting APL-01/APL-02 over HTTP, open loop, vs GET /health at the same rate"
P99_MS = 200.0
RETRYING_EVERY = 10  # one phone in ten retries its previous submission on every second turn


def targets(rate: float = 300.0) -> list[Target]:
    return [
        Target(f"submission p99 <= {P99_MS:.0f} ms", "ours", "lower", P99_MS),
        Target(f"answered >= 95% of {rate:.0f}/s offered", "answered_rate", "higher", 0.95 * rate),
    ]


@dataclass
class Host:
    """The service's processes (the first prepared the data) and their ports."""

    procs: list[subprocess.Popen[bytes]]
    ports: list[int]
    ready: dict[str, Any]
    logs: list[Path]

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.procs)

    def rss_mb(self) -> float:
        return sum(rss_mb(p.pid) for p in self.procs)


@contextlib.asynccontextmanager
async def host(
    schema: str, topic: str, phones: int, apps_per_phone: int, tracing: bool, replicas: int
) -> AsyncIterator[Host]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-phones-"))
    started = Host([], [], {}, [])
    try:
        for n in range(replicas):
            ready_file, log, port = (
                workdir / f"ready{n}.json",
                workdir / f"host{n}.log",
                free_port(),
            )
            command = [sys.executable, "-m", "bench.phones_host", "--schema", schema, "--port",
                       str(port), "--phones", str(phones), "--apps-per-phone", str(apps_per_phone),
                       "--ready", str(ready_file), "--topic", topic]  # fmt: skip
            command += ["--tracing"] if tracing else []
            command += ["--serve-only"] if n else []
            proc = spawn(command, log)
            started.procs.append(proc)
            started.logs.append(log)
            started.ports.append(port)
            await answering(proc, port, ready_file, log, "phones host", 600)
            if n == 0:
                started.ready = json.loads(ready_file.read_text())
        yield started
    finally:
        for proc in started.procs:
            stop(proc)


@dataclass
class Phone:
    index: int
    client: PhoneHttp
    info: dict[str, Any]
    apps: list[str]
    last: tuple[str, dict[str, Any]] | None = None
    turns: int = 0
    retrying: bool = False


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    retry_latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    wrong_retry_answers: int = 0
    errors: list[str] = field(default_factory=list)


def body(ready: dict[str, Any], phone: Phone) -> dict[str, Any]:
    info, i = phone.info, phone.index
    apl01 = {
        "personal": {
            "full_name": f"Peserta Ponsel {i}",
            "nik": info["nik"],
            "birth_place": "Amlapura",
            "birth_date": info["birth_date"],
            "address": "Jl. Ngurah Rai, Amlapura",
            "phone": f"0812{i:08d}",
            "email": info["email"],
        },
        "education": {"level": "SMK", "institution": "SMKN 1 Amlapura", "graduation_year": 2008},
        "employment": {
            "cooperative_id": info["cooperative_id"],
            "role": "karyawan",
            "occupational_group": "kasir",
        },
        "scheme_code": ready["scheme_code"],
        "scheme_version": ready["scheme_version"],
        "purpose": "certification",
        "evidence_ids": [],
        "adjustment_needs": [],
    }
    judgements = [
        {"unit_code": unit, "element_code": element, "judgement": "K", "evidence_ids": []}
        for unit, elements in ready["units"]
        for element in elements
    ]
    return {"client_id": str(uuid.uuid4()), "apl01": apl01, "apl02": {"judgements": judgements}}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def load(
    phones: list[Phone], ready: dict[str, Any], rate: float, seconds: float, submit: bool
) -> tuple[Outcome, dict[str, Any]]:
    out = Outcome()
    n = int(rate * seconds)
    lags: list[float] = []

    async def one(phone: Phone, due: float) -> None:
        retry = False
        method, url, payload = "GET", "/health", None
        if submit:
            phone.turns += 1
            method = "POST"
            if phone.retrying and phone.last is not None and phone.turns % 2 == 0:
                url, payload = phone.last
                retry = True
            else:
                url = f"/applications/{phone.apps.pop()}/submission"
                payload = body(ready, phone)
                phone.last = (url, payload)
        lags.append(loop.time() - due)
        try:
            response = await phone.client.request(method, url, payload)
        except (HttpError, OSError, EOFError, TimeoutError, ValueError) as exc:
            name = type(exc).__name__
            out.statuses[name] = out.statuses.get(name, 0) + 1
            return
        took = loop.time() - due
        code = str(response.status)
        out.statuses[code] = out.statuses.get(code, 0) + 1
        if response.status != 200:
            if len(out.errors) < 5:
                out.errors.append(f"{code} {response.text[:300]}")
            return
        (out.retry_latencies if retry else out.latencies).append(took)
        if retry and response.json().get("submission") != 1:
            out.wrong_retry_answers += 1

    loop = asyncio.get_running_loop()
    tasks = []
    t0 = loop.time() + 0.05
    for i in range(n):
        due = t0 + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(phones[i % len(phones)], due)))
    offered_for = loop.time() - t0
    await asyncio.gather(*tasks)
    elapsed = loop.time() - t0
    everything = out.latencies + out.retry_latencies
    lags.sort()
    detail = {
        "requests": n,
        "offered_for_s": round(offered_for, 2),
        "until_last_answer_s": round(elapsed, 2),
        "answered_rate": round(len(everything) / elapsed, 1),
        "statuses": out.statuses,
        "p50_ms": round(pct(everything, 0.50), 1),
        "p99_ms": round(pct(everything, 0.99), 1),
        "max_ms": round(pct(everything, 1.0), 1),
        "schedule_lag_ms_p99": round(lags[int(0.99 * (len(lags) - 1))] * 1000, 1) if lags else None,
    }
    if submit:
        detail |= {
            "first_submissions": len(out.latencies),
            "retries": len(out.retry_latencies),
            "retry_p50_ms": round(pct(out.retry_latencies, 0.5), 1),
            "wrong_retry_answers": out.wrong_retry_answers,
            "first_errors": out.errors,
        }
    return out, detail


async def submitted_in_log(schema: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(admin_dsn(), timeout=10)
    try:
        return int(
            await conn.fetchval(
                f"SELECT count(*) FROM \"{schema}\".events WHERE event_type LIKE '%Submitted%'"
            )
        )
    finally:
        await conn.close()


async def _arm(cfg: Config) -> list[ArmResult]:
    rate, seconds, count = cfg.phone_rate, cfg.phone_seconds, cfg.phones
    per_round = int(rate * seconds)
    warm_seconds = 1.0
    needed = per_round * cfg.phone_rounds + int(rate * warm_seconds)
    apps_per_phone = -(-needed // count) + 1
    ours_side = Side("ours: POST /applications/{id}/submission p99", "ms")
    base_side = Side("GET /health p99 (bare HTTP stack)", "ms")
    extra = {
        "p50": Side("ours: submission p50", "ms"),
        "answered_rate": Side("ours: submissions answered 2xx", "per s"),
        "health_p50": Side("GET /health p50", "ms"),
        "health_rate": Side("GET /health answered 2xx", "per s"),
        "host_cpu": Side("service processes' CPU during ours (all replicas)", "cores"),
    }
    notes: list[str] = []
    async with fresh_schema("phones") as schema, topics("phones") as (topic,):
        say(f"  preparing {count} candidates x {apps_per_phone} draft applications in the host")
        async with host(schema, topic, count, apps_per_phone, cfg.tracing, cfg.phone_replicas) as h:
            ready = h.ready
            notes.append(
                f"host pids {[p.pid for p in h.procs]}, ports {h.ports} (phone i uses port "
                f"i mod {len(h.ports)}); prepared {count} candidates and "
                f"{count * apps_per_phone} draft applications in {ready['prepare_seconds']} s "
                "(untimed)"
            )
            clients = []
            phones: list[Phone] = []
            try:
                for i, info in enumerate(ready["phones"]):
                    principal = Principal(
                        uuid.uuid4(), Role.CANDIDATE, uuid.UUID(info["candidate_id"])
                    )
                    client = PhoneHttp(
                        "127.0.0.1",
                        h.ports[i % len(h.ports)],
                        {"Authorization": f"Bearer {issue_token(principal)}"},
                        max_connections=8,
                        timeout=30,
                    )
                    clients.append(client)
                    phones.append(
                        Phone(i, client, info, list(info["applications"]),
                              retrying=i % RETRYING_EVERY == 0)
                    )  # fmt: skip
                # Warm-up: every phone connects; one second of submissions.
                await load(phones, ready, rate, warm_seconds, submit=False)
                _, warm = await load(phones, ready, rate, warm_seconds, submit=True)
                notes.append(f"warm-up submissions: {warm['statuses']}")

                async def ours(round_no: int) -> Sample:
                    cpu0, t0 = h.cpu_seconds(), time.perf_counter()
                    _, detail = await load(phones, ready, rate, seconds, submit=True)
                    cores = (h.cpu_seconds() - cpu0) / (time.perf_counter() - t0)
                    detail |= {"host_cpu_cores": round(cores, 2), "host_rss_mb": h.rss_mb()}
                    extra["p50"].samples.append(Sample(detail["p50_ms"]))
                    extra["answered_rate"].samples.append(Sample(detail["answered_rate"]))
                    extra["host_cpu"].samples.append(Sample(cores))
                    return Sample(detail["p99_ms"], detail)

                async def baseline(round_no: int) -> Sample:
                    _, detail = await load(phones, ready, rate, seconds, submit=False)
                    extra["health_p50"].samples.append(Sample(detail["p50_ms"]))
                    extra["health_rate"].samples.append(Sample(detail["answered_rate"]))
                    return Sample(detail["p99_ms"], detail)

                await interleave(
                    cfg.phone_rounds,
                    ours,
                    baseline,
                    label="phones",
                    ours_side=ours_side,
                    baseline_side=base_side,
                )
            finally:
                for client in clients:
                    await client.aclose()
            firsts = sum(s.detail["first_submissions"] for s in ours_side.samples)
            in_log = await submitted_in_log(schema)
    expected = firsts + int(warm.get("first_submissions", 0))
    notes.append(
        f"submission events in the log: {in_log}; first submissions answered 200: {expected} "
        "(retries must add none)"
    )
    if in_log != expected:
        notes.append("WARNING: the log's submissions differ from the first submissions answered")
    wrong = sum(s.detail["wrong_retry_answers"] for s in ours_side.samples)
    if wrong:
        notes.append(f"WARNING: {wrong} retries were answered differently from the original")
    notes.append(
        "client and server share the machine's 2 cores: the phones' HTTP clients "
        "(bench.phone_http) run in the bench process, the service in its children"
    )
    result = ArmResult(
        arm="phones",
        title=TITLE,
        ours=ours_side,
        baseline=base_side,
        targets=targets(rate),
        extra_figures=extra,
        settings={
            "phones": count,
            "offered_rate_per_s": rate,
            "seconds_per_round": seconds,
            "rounds": cfg.phone_rounds,
            "retrying_phones": f"1 in {RETRYING_EVERY}, previous submission re-sent every 2nd turn",
            "evidence": "none (evidence_ids empty)",
            "scheme": f"{ready['scheme_code']} v{ready['scheme_version']}",
            "server": f"bench.phones_host: real app, uvicorn, {cfg.phone_replicas} process(es) "
            "on one schema (one relay leads, projections share checkpoints), loopback",
            "latency_from": "due time of the request (open loop)",
        },
        notes=notes,
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[phones]")
    return await run_guarded("phones", TITLE, lambda: targets(cfg.phone_rate), lambda: _arm(cfg))
