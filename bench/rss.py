"""Resident set size of a process, sampled from /proc while a load runs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class RssSeries:
    pid: int
    samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB)
    cpu_start: float | None = None
    cpu_end: float | None = None
    wall: float = 0.0

    @property
    def cpu_percent(self) -> float:
        """Mean CPU use over the sampling, in % of one core."""
        if self.cpu_start is None or self.cpu_end is None or not self.wall:
            return float("nan")
        return 100 * (self.cpu_end - self.cpu_start) / self.wall

    @property
    def steady(self) -> float:
        """The highest RSS over the second half of the load: after start-up and warm-up."""
        if not self.samples:
            return float("nan")
        half = self.samples[len(self.samples) // 2 :]
        return max(mb for _, mb in half)

    @property
    def peak(self) -> float:
        return max((mb for _, mb in self.samples), default=float("nan"))

    @property
    def first(self) -> float:
        return self.samples[0][1] if self.samples else float("nan")

    def summary(self) -> dict[str, float | int]:
        values = [mb for _, mb in self.samples]
        return {
            "pid": self.pid,
            "samples": len(values),
            "first_mb": round(self.first, 1),
            "steady_mb": round(self.steady, 1),
            "peak_mb": round(self.peak, 1),
            "median_mb": round(statistics.median(values), 1) if values else float("nan"),
            "cpu_percent_of_one_core": round(self.cpu_percent, 1),
        }


@contextlib.asynccontextmanager
async def sampling(pids: list[int], interval: float = 0.5) -> AsyncIterator[list[RssSeries]]:
    """Samples every pid every `interval` seconds until the block ends."""
    series = [RssSeries(pid, cpu_start=cpu_seconds(pid)) for pid in pids]
    started = time.monotonic()

    async def loop() -> None:
        while True:
            for s in series:
                mb = rss_mb(s.pid)
                if mb is not None:
                    s.samples.append((time.monotonic() - started, mb))
            await asyncio.sleep(interval)

    task = asyncio.create_task(loop())
    try:
        yield series
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        for s in series:
            s.cpu_end = cpu_seconds(s.pid)
            s.wall = time.monotonic() - started
