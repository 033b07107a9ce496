"""A service under load in a child process, from both ends: the bench side spawns it, waits
until it answers, reads its CPU and memory, and stops it (with its process group); the child
side serves its app under uvicorn on loopback, says it is ready with a file, and ends when its
parent does (or after `max_seconds`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bench.harness import ROOT
from servicekit.memory import settle


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def spawn(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """The host in its own process group (stopped as a group), its output in `log`."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def tail(log: Path) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-30:])
    return ""


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


async def answering(
    proc: subprocess.Popen[bytes], port: int, ready_file: Path, log: Path, what: str,
    seconds: float = 900,
) -> None:  # fmt: skip
    """Until the host has written its ready file and its /health answers 200."""
    deadline = time.monotonic() + seconds
    while not ready_file.exists():  # noqa: ASYNC240 (a stat while waiting for a child)
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not get ready; log {log}:\n{tail(log)}")
        await asyncio.sleep(0.2)
    async with httpx.AsyncClient() as probe:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if (await probe.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                    return
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} does not answer; log {log}:\n{tail(log)}")
            await asyncio.sleep(0.1)


def write_ready(path: Path, ready: dict[str, Any]) -> None:
    """Atomically: the bench reads the file as soon as it exists."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(ready))
    tmp.rename(path)


async def serve(
    app: Any, port: int, ready_file: Path, ready: dict[str, Any], max_seconds: float = 1800.0
) -> None:
    """Serve `app` on 127.0.0.1:`port` until the parent process is gone or `max_seconds`."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    parent, deadline = os.getppid(), time.monotonic() + max_seconds

    async def watchdog() -> None:
        while not server.should_exit:
            if os.getppid() != parent or time.monotonic() > deadline:
                server.should_exit = True
            await asyncio.sleep(0.5)

    watching = asyncio.create_task(watchdog())
    settle()  # the service has started: the collector as servicekit.runner sets it in production
    write_ready(ready_file, ready)
    try:
        await server.serve()
    finally:
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching
