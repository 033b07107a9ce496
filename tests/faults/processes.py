"""Run a fault-test worker as a child process and wait on what it does."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


async def start_worker(
    role: str, wiring: Any, failpoints: str = "", *extra: str
) -> asyncio.subprocess.Process:
    env = dict(os.environ, KOMPETEN_FAILPOINTS=failpoints)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.faults.worker",
        role,
        "--registration-schema",
        wiring.registration_schema,
        "--assessment-schema",
        wiring.assessment_schema,
        "--topic",
        wiring.topic,
        "--group",
        wiring.group,
        *extra,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def died_of_sigkill(process: asyncio.subprocess.Process, timeout: float = 60) -> bool:
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("the worker did not reach its crash point in time") from None
    if process.returncode != -9:
        output = (await process.stdout.read()).decode() if process.stdout else ""
        raise AssertionError(f"worker exited {process.returncode}, not SIGKILL:\n{output}")
    return True


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
