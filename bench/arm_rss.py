"""Arm f: resident memory of each service process under load (target <= 150 MB steady).

The processes measured are the real ones: `python -m registration.main` and
`python -m assessment.main`. When `make up` runs them (live pids in
deploy/local/.run/services/*.pid and /health answering) those are measured; otherwise this arm
starts both itself, on the same ports and with the same command as `make up`, and stops exactly
those processes at the end. Load: registrations POSTed to registration's API at `rss_rate` per
second, open loop, for `rss_seconds`: registration appends, its relay publishes, assessment's
inbox consumer applies them. RSS is sampled from /proc every 0.5 s; "steady" is the highest
sample over the second half of the load. No baseline: the target is absolute.

Note: the services write to their own databases (kompeten_registration/kompeten_assessment),
as in `make up`; the bench's candidates have district code 9901 and names "Bench Candidate".
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.config import Config
from bench.harness import ROOT, ArmResult, Sample, Side, Target, run_guarded, say
from bench.rss import sampling
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

TITLE = "RSS of each service process under registration load"
SERVICES = {"registration": 18001, "assessment": 18002}
PIDS = ROOT / "deploy" / "local" / ".run" / "services"
LIMIT_MB = 150.0
# Registration needs a signed-in registrar and assessment a planner: a district operator's and an
# assessor's token, signed with the same development secret the services use when
# KOMPETEN_TOKEN_SECRET is unset (as the bench runs them).
OPERATOR = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
STAFF = bearer_headers(Role.ASSESSOR)
DISTRICT = "9901"


def targets() -> list[Target]:
    return [
        Target(f"registration RSS <= {LIMIT_MB:.0f} MB", "ours", "lower", LIMIT_MB),
        Target(f"assessment RSS <= {LIMIT_MB:.0f} MB", "assessment", "lower", LIMIT_MB),
    ]


@dataclass
class Running:
    name: str
    pid: int
    port: int
    started_here: bool
    log: Path | None = None
    proc: subprocess.Popen[bytes] | None = None

    def alive(self) -> bool:
        if self.proc is not None:  # our child: a dead one is a zombie that kill(0) still finds
            return self.proc.poll() is None
        return _alive(self.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


async def _healthy(client: httpx.AsyncClient, port: int) -> bool:
    try:
        response = await client.get(f"http://127.0.0.1:{port}/health", timeout=1)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


async def _from_make_up(client: httpx.AsyncClient) -> dict[str, Running] | None:
    found = {}
    for name, port in SERVICES.items():
        try:
            pid = int((PIDS / f"{name}.pid").read_text().strip())
        except (OSError, ValueError):
            return None
        if not _alive(pid) or not await _healthy(client, port):
            return None
        found[name] = Running(name, pid, port, started_here=False)
    return found


@dataclass
class Services:
    running: dict[str, Running]
    failed: dict[str, str]  # name -> why it could not be run


@contextlib.asynccontextmanager
async def services(client: httpx.AsyncClient) -> AsyncIterator[Services]:
    """The running services of `make up`, or both started here (and stopped afterwards).
    A service that cannot start is reported in `failed`; if none runs, ServicesUnavailable."""
    existing = await _from_make_up(client)
    if existing is not None:
        say("  measuring the services `make up` started (pids from deploy/local/.run/services)")
        yield Services(existing, {})
        return
    started: dict[str, Running] = {}
    failed: dict[str, str] = {}
    logs = Path(tempfile.mkdtemp(prefix="bench-services-"))
    try:
        for name, port in SERVICES.items():
            if await _healthy(client, port):
                raise ServicesUnavailable(
                    f"port {port} answers but no live pid in {PIDS}/{name}.pid: "
                    "stop that process or start the services with `make up`"
                )
            log = logs / f"{name}.log"
            proc = _spawn(name, port, log)
            started[name] = Running(name, proc.pid, port, True, log, proc)
        deadline = time.monotonic() + 90
        for running in started.values():
            while not await _healthy(client, running.port):
                if not running.alive() or time.monotonic() > deadline:
                    failed[running.name] = f"did not become healthy; log: {running.log}"
                    say(f"  {running.name} {failed[running.name]}")
                    break
                await asyncio.sleep(0.2)
        if len(failed) == len(started):
            raise ServicesUnavailable("; ".join(f"{k} {v}" for k, v in failed.items()))
        say(f"  started the services here (logs in {logs})")
        yield Services({k: v for k, v in started.items() if k not in failed}, failed)
    finally:
        for running in started.values():
            _stop(running)


class ServicesUnavailable(RuntimeError):
    pass


def _spawn(name: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`python -m <service>.main` on `port`, as `make up` starts it."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", f"{name}.main"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "KOMPETEN_HTTP_PORT": str(port)},
            start_new_session=True,
        )
    return proc


def _stop(running: Running) -> None:
    """Stop a service this arm started (its own process group), and reap it."""
    assert running.proc is not None
    if running.proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(running.pid, signal.SIGTERM)
    try:
        running.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, signal.SIGKILL)
        running.proc.wait()


def random_nik() -> str:
    """A valid NIK (Bali province, a real-looking date, a non-zero serial); random enough that
    two runs do not collide."""
    subdistrict = random.randint(1, 99)
    day, month, year = random.randint(1, 28), random.randint(1, 12), random.randint(0, 99)
    if random.random() < 0.5:
        day += 40
    serial = random.randint(1, 9999)
    return f"5107{subdistrict:02d}{day:02d}{month:02d}{year:02d}{serial:04d}"


async def register_load(
    client: httpx.AsyncClient, port: int, rate: float, seconds: float
) -> dict[str, Any]:
    n = int(rate * seconds)
    statuses: dict[str, int] = {}
    ids: list[str] = []
    latencies: list[float] = []

    async def one() -> None:
        body = {
            "client_id": str(uuid.uuid4()),
            "full_name": "Bench Candidate",
            "nik": random_nik(),
            "email": f"bench-{uuid.uuid4().hex[:8]}@bench.kompeten.id",
            "district_code": DISTRICT,
        }
        sent = time.perf_counter()
        try:
            response = await client.post(
                f"http://127.0.0.1:{port}/candidates", json=body, headers=OPERATOR, timeout=30
            )
            latencies.append(time.perf_counter() - sent)
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
            return
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
        if response.status_code in (200, 201):
            ids.append(response.json()["candidate_id"])

    loop = asyncio.get_running_loop()
    t0 = loop.time()
    tasks = []
    for i in range(n):
        delay = t0 + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
    offered_for = loop.time() - t0
    await asyncio.gather(*tasks)
    elapsed = loop.time() - t0
    latencies.sort()
    return {
        "requests": n,
        "offered_for_s": round(offered_for, 2),
        "seconds": round(elapsed, 2),
        "statuses": statuses,
        "response_ms_p50": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
        "response_ms_p99": (
            round(latencies[int(0.99 * len(latencies))] * 1000, 1) if latencies else None
        ),
        "ids": ids,
    }


async def assessment_caught_up(client: httpx.AsyncClient, port: int, candidate_id: str) -> Any:
    deadline = time.monotonic() + 60
    started = time.monotonic()
    while time.monotonic() < deadline:
        response = await client.get(
            f"http://127.0.0.1:{port}/candidates/{candidate_id}", headers=STAFF, timeout=5
        )
        if response.status_code == 200:
            return round(time.monotonic() - started, 2)
        if response.status_code in (401, 403):
            return "not checked (staff token refused)"
        await asyncio.sleep(0.2)
    return "not within 60 s"


async def _arm(cfg: Config) -> list[ArmResult]:
    try:
        return await _services_arm(cfg)
    except ServicesUnavailable as exc:
        say(f"  services unavailable, measuring arm e's relay+consumer host instead: {exc}")
        return await _host_arm(cfg, str(exc))


async def _host_arm(cfg: Config, why: str) -> list[ArmResult]:
    """Stand-in while the services cannot run: the process hosting arm e's relay and inbox
    consumer (bench.e2e_host), under arm e's paced load."""
    from bench.arm_e2e import pipeline

    side = Side("e2e host (relay + inbox consumer) RSS (steady)", "MB")
    async with pipeline(cfg.tracing) as pipe:
        async with sampling([pipe.host.pid]) as series:
            _, detail = await pipe.load_round(0, cfg.e2e_rate, cfg.rss_seconds)
        side.samples.append(Sample(series[0].steady, {**series[0].summary(), **detail}))
    result = ArmResult(
        arm="rss",
        title=TITLE + " (STAND-IN: relay+consumer host of arm e)",
        ours=side,
        baseline=None,
        targets=[
            Target(
                f"relay+consumer host RSS <= {LIMIT_MB:.0f} MB (stand-in, not the services)",
                "ours",
                "lower",
                LIMIT_MB,
            )
        ],
        settings={"rate_per_s": cfg.e2e_rate, "seconds": cfg.rss_seconds},
        notes=[
            "the service processes could not be run, so this measures the process hosting "
            "arm e's relay and inbox consumer instead; why: " + why.splitlines()[0][:300]
        ],
    )
    return [result]


async def _services_arm(cfg: Config) -> list[ArmResult]:
    sides = {name: Side(f"{name} service RSS (steady)", "MB") for name in SERVICES}
    notes: list[str] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(limits=limits) as client, services(client) as found:
        running = found.running
        for name, why in found.failed.items():
            notes.append(f"{name} NOT MEASURED: it {why}")
        how = (
            "started by this bench"
            if any(r.started_here for r in running.values())
            else ("`make up`")
        )
        notes.append(
            f"service processes: {how}; pids "
            + ", ".join(f"{r.name}={r.pid}" for r in running.values())
        )
        registering = "registration" in running
        assessing = "assessment" in running
        if not registering:
            notes.append("no registration service, so no load: assessment measured idle")
        # Warm-up: a few registrations through the whole path.
        if registering:
            warm = await register_load(client, SERVICES["registration"], 10, 1)
            if warm["ids"] and assessing:
                await assessment_caught_up(client, SERVICES["assessment"], warm["ids"][-1])
        async with sampling([r.pid for r in running.values()]) as series:
            if registering:
                load = await register_load(
                    client, SERVICES["registration"], cfg.rss_rate, cfg.rss_seconds
                )
            else:
                await asyncio.sleep(cfg.rss_seconds)
                load = {"requests": 0, "seconds": cfg.rss_seconds, "statuses": {}, "ids": []}
        caught_up: Any = "not checked"
        if load["ids"] and assessing:
            caught_up = await assessment_caught_up(client, SERVICES["assessment"], load["ids"][-1])
        for name, s in zip(running, series, strict=True):
            detail = {**s.summary(), **{k: v for k, v in load.items() if k != "ids"}}
            sides[name].samples.append(Sample(s.steady, detail))
        ok = sum(v for k, v in load["statuses"].items() if k in ("200", "201"))
        if registering and ok < 0.9 * load["requests"]:
            notes.append(
                f"WARNING: only {ok} of {load['requests']} registrations succeeded "
                f"(responses {load['statuses']}): the RSS was measured under less load than asked"
            )
        notes.append(
            f"load: {load['requests']} registrations offered at {cfg.rss_rate}/s over "
            f"{load.get('offered_for_s', load['seconds'])} s, all answered after "
            f"{load['seconds']} s (response p50 {load.get('response_ms_p50')} ms, "
            f"p99 {load.get('response_ms_p99')} ms), responses {load['statuses']}; "
            f"assessment had the last one after: {caught_up} (s after the load ended)"
        )
    result = ArmResult(
        arm="rss",
        title=TITLE,
        ours=sides["registration"],
        baseline=None,
        targets=targets(),
        extra_figures={"assessment": sides["assessment"]},
        settings={
            "rate_per_s": cfg.rss_rate,
            "seconds": cfg.rss_seconds,
            "sample_interval_s": 0.5,
            "steady": "max RSS over the second half of the load",
        },
        notes=notes,
    )
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[rss]")
    return await run_guarded("rss", TITLE, targets, lambda: _arm(cfg))
