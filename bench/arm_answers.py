"""Arm answers: phones in an exam hall saving answers through assessment's real API, open loop,
vs the same phones posting the same bodies to a bare endpoint that inserts the same rows.

The assessment service runs in a child process (`bench.answers_host`: the real app under
uvicorn on a free 127.0.0.1 port, a fresh schema and topic, relay running), with a session of
`answer_phones` candidates assigned and its exam started before any timing. Each phone is its
own HTTP/1.1 client with its candidate's token, all in one compiled process (bench.loadgen:
bench/loadgen/main.go, so the client takes little of the cores it shares with the service);
request i belongs to phone
i mod phones and carries one answer record (a fresh answer id, the phone's next sequence, its
next question, a choice); one phone in ten re-sends its previous request on every second turn
(a retry after a lost answer), which must apply nothing twice. Two loads, each interleaved
with its baseline over the same rounds:
- latency: `answer_rate` (1,000/s) offered: p99 ours vs bare (target p99 <= 150 ms);
- throughput: `answer_peak_rate` offered: answered saves per second (target >= 1,500/s).
Baseline: POST /bare/answers/{attempt} of the same server: the same body model parsed, the same
rows inserted with one statement; no token, no event log, no decision, no receipt.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import loadgen
from bench.arm_phones import pct
from bench.config import Config
from bench.harness import ArmResult, Sample, Side, Target, interleave, run_guarded, say
from bench.hosting import answering, cpu_seconds, free_port, rss_mb, spawn, stop
from bench.infra import admin_dsn, fresh_schema, topics
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

TITLE = "exam answers saved through the API, open loop, vs a bare insert of the same rows"
P99_MS = 150.0
PEAK_TARGET = 1500.0
RETRYING_EVERY = 10


@dataclass
class Phone:
    """A phone's identity and its state between loads (bench/loadgen carries it in a load)."""

    port: int
    auth: str
    attempt_id: str
    questions: list[list[Any]]
    retrying: bool
    seed: int
    seq: int = 0
    turns: int = 0
    last: Any = None
    bare: bool | None = None  # where the last load sent: a retry re-sends only to the same place

    def planned(self, bare: bool) -> dict[str, Any]:
        if self.bare is not bare:
            self.last, self.bare = None, bare
        base = f"http://127.0.0.1:{self.port}"
        path = (f"/bare/answers/{self.attempt_id}" if bare
                else f"/exams/{self.attempt_id}/answers")  # fmt: skip
        return {"url": base + path, "auth": "" if bare else self.auth,
                "questions": [{"id": q, "options": n} for q, n in self.questions],
                "retrying": self.retrying, "seq": self.seq, "turns": self.turns,
                "last": self.last, "seed": self.seed}  # fmt: skip

    def carry(self, state: dict[str, Any]) -> None:
        self.seq, self.turns, self.last, self.seed = (
            state["seq"], state["turns"], state["last"], state["seed"])  # fmt: skip


@contextlib.asynccontextmanager
async def host(
    schema: str, topic: str, phones: int, replicas: int = 1
) -> AsyncIterator[tuple[list[Any], list[int], dict[str, Any]]]:
    """`replicas` service processes on the one schema (the first prepares the session, the
    others only serve it, as production runs several behind its load balancer)."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-answers-"))
    procs: list[Any] = []
    ports: list[int] = []
    ready: dict[str, Any] = {}
    try:
        for n in range(replicas):
            ready_file, log, port = (workdir / f"ready{n}.json", workdir / f"host{n}.log",
                                     free_port())  # fmt: skip
            command = [sys.executable, "-m", "bench.answers_host", "--schema", schema, "--port",
                       str(port), "--phones", str(phones), "--ready", str(ready_file), "--topic",
                       topic]  # fmt: skip
            command += ["--serve-only"] if n else []
            proc = spawn(command, log)
            procs.append(proc)
            ports.append(port)
            await answering(proc, port, ready_file, log, "answers host")
            if n == 0:
                ready = json.loads(ready_file.read_text())
        yield procs, ports, ready
    finally:
        for proc in procs:
            stop(proc)


async def load(phones: list[Phone], rate: float, seconds: float, bare: bool) -> dict[str, Any]:
    """One open-loop load from the compiled client (bench.loadgen): request i due at
    start + i/rate, phone i mod phones; latency counted from the due time."""
    plan = {"phones": [p.planned(bare) for p in phones], "rate": rate, "seconds": seconds}
    out = await loadgen.run(plan)
    for phone, state in zip(phones, out["phones"], strict=True):
        phone.carry(state)
    latencies = out["latencies_s"]
    return {
        "requests": out["requests"],
        "answered_rate": round(len(latencies) / out["elapsed_s"], 1),
        "p50_ms": round(pct(latencies, 0.50), 1),
        "p99_ms": round(pct(latencies, 0.99), 1),
        "statuses": out["statuses"],
        "first_saves": out["first_saves"],
        "first_errors": out["first_errors"] or [],
    }


async def records_in_log(schema: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(admin_dsn(), timeout=10)
    try:
        return int(await conn.fetchval(
            f"SELECT coalesce(sum(jsonb_array_length(data->'applied') + "
            f"jsonb_array_length(data->'superseded')), 0) FROM \"{schema}\".events "
            "WHERE event_type = 'AnswersRecorded'"))  # fmt: skip
    finally:
        await conn.close()


async def _arm(cfg: Config) -> list[ArmResult]:
    latency_ours = Side("ours: POST /exams/{id}/answers p99 at the offered rate", "ms")
    latency_bare = Side("bare insert p99 at the same rate", "ms")
    peak_ours = Side("ours: answer saves answered 2xx at the peak rate", "per s")
    peak_bare = Side("bare inserts answered 2xx at the peak rate", "per s")
    extra = {"p50": Side("ours: p50 at the offered rate", "ms"),
             "bare_p50": Side("bare: p50 at the offered rate", "ms"),
             "host_cpu": Side("service processes' CPU during ours (peak, all replicas)",
                              "cores")}  # fmt: skip
    notes: list[str] = []
    saved = 0
    async with fresh_schema("answers") as schema, topics("answers") as (topic,):
        say(f"  preparing a session of {cfg.answer_phones} candidates in the host")
        async with host(schema, topic, cfg.answer_phones, cfg.answer_replicas) as (
            procs,
            ports,
            ready,
        ):
            notes.append(f"prepared {len(ready['phones'])} attempts in "
                         f"{ready['prepare_seconds']} s (untimed)")  # fmt: skip
            phones = [
                Phone(ports[i % len(ports)], bearer_headers(
                    Role.CANDIDATE, candidate_id=uuid.UUID(p["candidate_id"]))["Authorization"],
                    p["attempt_id"], p["questions"], retrying=i % RETRYING_EVERY == 0, seed=i)
                for i, p in enumerate(ready["phones"])
            ]  # fmt: skip
            await load(phones, 200, 1.0, bare=True)
            warm = await load(phones, 200, 1.0, bare=False)
            saved += warm["first_saves"]
            notes.append(f"warm-up: {warm['statuses']}")

            async def ours_latency(_: int) -> Sample:
                nonlocal saved
                detail = await load(phones, cfg.answer_rate, cfg.answer_seconds, bare=False)
                saved += detail["first_saves"]
                extra["p50"].samples.append(Sample(detail["p50_ms"]))
                return Sample(detail["p99_ms"], detail)

            async def bare_latency(_: int) -> Sample:
                detail = await load(phones, cfg.answer_rate, cfg.answer_seconds, bare=True)
                extra["bare_p50"].samples.append(Sample(detail["p50_ms"]))
                return Sample(detail["p99_ms"], detail)

            async def ours_peak(_: int) -> Sample:
                nonlocal saved
                cpu0, t0 = sum(cpu_seconds(p.pid) for p in procs), time.perf_counter()
                detail = await load(phones, cfg.answer_peak_rate, cfg.answer_seconds,
                                    bare=False)  # fmt: skip
                saved += detail["first_saves"]
                cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu0
                cores = cpu / (time.perf_counter() - t0)
                per_save = 1000 * cpu / max(1, detail["requests"])
                rss = sum(rss_mb(p.pid) for p in procs)
                detail |= {"host_cpu_cores": round(cores, 2),
                           "host_cpu_ms_per_request": round(per_save, 3),
                           "host_rss_mb": round(rss, 1)}  # fmt: skip
                extra["host_cpu"].samples.append(Sample(cores))
                return Sample(detail["answered_rate"], detail)

            async def bare_peak(_: int) -> Sample:
                detail = await load(phones, cfg.answer_peak_rate, cfg.answer_seconds,
                                    bare=True)  # fmt: skip
                return Sample(detail["answered_rate"], detail)

            await interleave(cfg.answer_rounds, ours_latency, bare_latency, label="answers p99",
                             ours_side=latency_ours, baseline_side=latency_bare)  # fmt: skip
            await interleave(cfg.answer_rounds, ours_peak, bare_peak, label="answers peak",
                             ours_side=peak_ours, baseline_side=peak_bare)  # fmt: skip
        in_log = await records_in_log(schema)
    notes.append(f"answer records in the log: {in_log}; first saves answered 200: {saved} "
                 "(retries must add none)")  # fmt: skip
    if in_log != saved:
        notes.append("WARNING: the log's answer records differ from the first saves answered")
    notes.append("client and server share the machine's 2 cores: the phones' HTTP clients run "
                 "in one compiled process (bench/loadgen, Go), the service in "
                 f"{cfg.answer_replicas} child process(es), each phone on one of them")  # fmt: skip
    settings = {"phones": cfg.answer_phones, "service_replicas": cfg.answer_replicas,
                "offered_rate_per_s": cfg.answer_rate,
                "peak_offered_rate_per_s": cfg.answer_peak_rate,
                "seconds_per_round": cfg.answer_seconds, "rounds": cfg.answer_rounds,
                "records_per_request": 1,
                "retrying_phones": f"1 in {RETRYING_EVERY}, re-sent every 2nd turn"}  # fmt: skip
    latency = ArmResult(
        arm="answers", title=TITLE + " (latency)", ours=latency_ours, baseline=latency_bare,
        targets=[Target(f"answer save p99 <= {P99_MS:.0f} ms at {cfg.answer_rate:.0f}/s",
                        "ours", "lower", P99_MS)],
        extra_figures=extra, settings=settings, notes=notes,
    )  # fmt: skip
    peak = ArmResult(
        arm="answers-peak", title=TITLE + " (sustained rate)", ours=peak_ours,
        baseline=peak_bare,
        targets=[Target(f"answer saves >= {PEAK_TARGET:.0f}/s sustained", "ours", "higher",
                        PEAK_TARGET)],
        settings=settings,
    )  # fmt: skip
    return [latency, peak]


def targets(cfg: Config) -> list[Target]:
    return [Target(f"answer save p99 <= {P99_MS:.0f} ms at {cfg.answer_rate:.0f}/s", "ours",
                   "lower", P99_MS)]  # fmt: skip


async def run(cfg: Config) -> list[ArmResult]:
    say("[answers]")
    return await run_guarded("answers", TITLE, lambda: targets(cfg), lambda: _arm(cfg))
