"""Rounds, interleaving, medians, targets, machine and version facts, the report and its JSON.

Every arm measures "ours" beside a baseline in the same process on the same stack, alternating
A B A B ... over several rounds, so drift of a noisy machine (2 cores shared with other work)
hits both sides alike; the ratio of the medians is the figure that matters.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import asyncpg

from eventkit.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TEST_DATABASE = "kompeten_test"

Direction = Literal["higher", "lower"]


@dataclass
class Sample:
    """One round's figure of one side, with what produced it."""

    value: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Side:
    name: str
    unit: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return [s.value for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.samples else float("nan")

    @property
    def min(self) -> float:
        return min(self.values) if self.samples else float("nan")

    @property
    def max(self) -> float:
        return max(self.values) if self.samples else float("nan")

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "rounds": [asdict(s) for s in self.samples],
        }


@dataclass
class Target:
    """A figure the issue asks for: `what` is 'ratio' or the name of one of ours' figures."""

    label: str
    what: str
    direction: Direction
    threshold: float
    measured: float = float("nan")

    @property
    def met(self) -> bool:
        if self.measured != self.measured:  # NaN: nothing was measured
            return False
        if self.direction == "higher":
            return self.measured >= self.threshold
        return self.measured <= self.threshold


@dataclass
class ArmResult:
    arm: str
    title: str
    ours: Side
    baseline: Side | None
    targets: list[Target]
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra_figures: dict[str, Side] = field(default_factory=dict)
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.samples or not self.ours.samples:
            return None
        if self.baseline.median == 0:
            return None
        return self.ours.median / self.baseline.median

    def evaluate(self) -> None:
        for target in self.targets:
            if target.what == "ratio":
                target.measured = self.ratio if self.ratio is not None else float("nan")
            elif target.what == "ours":
                target.measured = self.ours.median if self.ours.samples else float("nan")
            else:
                side = self.extra_figures.get(target.what)
                target.measured = side.median if side and side.samples else float("nan")

    def as_json(self) -> dict[str, Any]:
        return {
            "arm": self.arm,
            "title": self.title,
            "ours": self.ours.as_json(),
            "baseline": self.baseline.as_json() if self.baseline else None,
            "ratio": self.ratio,
            "figures": {k: v.as_json() for k, v in self.extra_figures.items()},
            "targets": [
                {
                    "label": t.label,
                    "what": t.what,
                    "direction": t.direction,
                    "threshold": t.threshold,
                    "measured": t.measured,
                    "met": t.met,
                }
                for t in self.targets
            ],
            "settings": self.settings,
            "notes": self.notes,
            "error": self.error,
        }


Measure = Callable[[int], Awaitable[Sample]]


async def interleave(
    rounds: int,
    ours: Measure,
    baseline: Measure | None,
    *,
    label: str,
    ours_side: Side,
    baseline_side: Side | None,
) -> None:
    """A B A B ...: each round runs ours, then the baseline; figures go into the sides."""
    for i in range(rounds):
        sample = await ours(i)
        ours_side.samples.append(sample)
        say(f"  {label} round {i + 1}/{rounds}: ours {fmt(sample.value)} {ours_side.unit}")
        if baseline is not None and baseline_side is not None:
            sample = await baseline(i)
            baseline_side.samples.append(sample)
            say(
                f"  {label} round {i + 1}/{rounds}: {baseline_side.name} "
                f"{fmt(sample.value)} {baseline_side.unit}"
            )


def say(message: str) -> None:
    print(message, flush=True)


def fmt(value: float | None) -> str:
    if value is None or value != value:
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


# --- machine and versions --------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_mb": _memory_total_mb(),
        "kernel": platform.release(),
        "platform": platform.platform(),
        "load_average_at_start": list(os.getloadavg()),
    }


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def kafka_version() -> str:
    """The broker's version: the jar the local stack runs (deploy/local/.cache/kafka/lib)."""
    lib = ROOT / "deploy" / "local" / ".cache" / "kafka" / "lib"
    jars = sorted(lib.glob("kafka_2.13-*.jar")) if lib.exists() else []
    for jar in jars:
        version = jar.name.removeprefix("kafka_2.13-").removesuffix(".jar")
        if version[:1].isdigit():
            return version
    return "unknown (no kafka_2.13-*.jar under deploy/local/.cache/kafka/lib)"


async def versions() -> dict[str, Any]:
    settings = load_settings()
    try:
        conn = await asyncpg.connect(settings.admin_dsn(TEST_DATABASE), timeout=10)
        try:
            pg = await conn.fetchval("SHOW server_version")
        finally:
            await conn.close()
    except (OSError, asyncpg.PostgresError) as exc:
        pg = f"unreachable: {exc}"
    return {
        "python": sys.version.split()[0],
        "postgresql_server_version": pg,
        "kafka": kafka_version(),
        "asyncpg": _package("asyncpg"),
        "aiokafka": _package("aiokafka"),
        "eventsourcing": _package("eventsourcing"),
        "psycopg": _package("psycopg"),
    }


# --- report ----------------------------------------------------------------------------------


def print_header(machine: dict[str, Any], vers: dict[str, Any], settings: dict[str, Any]) -> None:
    say("=" * 78)
    say("Kompeten benchmarks")
    say(
        f"machine : {machine['cpu_model']}, {machine['cores']} cores, "
        f"{machine['memory_mb']} MB RAM, load {machine['load_average_at_start']}"
    )
    say(
        f"versions: Python {vers['python']}, PostgreSQL {vers['postgresql_server_version']}, "
        f"Kafka {vers['kafka']}, asyncpg {vers['asyncpg']}, aiokafka {vers['aiokafka']}, "
        f"eventsourcing {vers['eventsourcing']} (psycopg {vers['psycopg']})"
    )
    say(f"settings: {json.dumps(settings, sort_keys=True)}")
    say("=" * 78)


def _side_line(side: Side) -> str:
    return (
        f"{side.name:<46} median {fmt(side.median):>12} {side.unit:<9} "
        f"(min {fmt(side.min)}, max {fmt(side.max)}, n={len(side.samples)})"
    )


def print_result(result: ArmResult) -> None:
    say("-" * 78)
    say(f"[{result.arm}] {result.title}")
    if result.error:
        say(f"  ERROR: {result.error}")
    if result.ours.samples:
        say("  " + _side_line(result.ours))
    if result.baseline is not None and result.baseline.samples:
        say("  " + _side_line(result.baseline))
    for side in result.extra_figures.values():
        if side.samples:
            say("  " + _side_line(side))
    if result.ratio is not None:
        say(f"  ratio ours/baseline: {result.ratio:.3f}")
    for target in result.targets:
        op = ">=" if target.direction == "higher" else "<="
        verdict = "MET" if target.met else "MISSED"
        say(
            f"  target {target.label}: {fmt(target.measured)} {op} {fmt(target.threshold)}"
            f"  -> {verdict}"
        )
    if result.settings:
        say(f"  settings: {json.dumps(result.settings, sort_keys=True, default=str)}")
    for note in result.notes:
        say(f"  note: {note}")


def print_summary(results: list[ArmResult]) -> None:
    say("=" * 78)
    say("Summary")
    for result in results:
        for target in result.targets:
            verdict = "MET" if target.met else "MISSED"
            say(f"  {verdict:<7} [{result.arm}] {target.label}: {fmt(target.measured)}")
        if result.error:
            say(f"  ERROR   [{result.arm}] {result.error.splitlines()[0][:200]}")
    say("=" * 78)


def write_json(
    results: list[ArmResult],
    machine: dict[str, Any],
    vers: dict[str, Any],
    settings: dict[str, Any],
    directory: Path = RESULTS,
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"{stamp}.json"
    machine = {**machine, "load_average_at_end": list(os.getloadavg())}
    document = {
        "timestamp": stamp,
        "machine": machine,
        "versions": vers,
        "settings": settings,
        "arms": [r.as_json() for r in results],
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    return path


async def run_guarded(
    arm: str,
    title: str,
    targets: Callable[[], list[Target]],
    body: Callable[[], Awaitable[list[ArmResult]]],
) -> list[ArmResult]:
    """An arm that crashes is reported as such, its targets MISSED, and the others still run."""
    try:
        results = await body()
    except Exception as exc:
        say(traceback.format_exc())
        results = [
            ArmResult(
                arm=arm,
                title=title,
                ours=Side("ours", ""),
                baseline=None,
                targets=targets(),
                error=f"{type(exc).__name__}: {exc}",
            )
        ]
    for result in results:
        result.evaluate()
    return results
