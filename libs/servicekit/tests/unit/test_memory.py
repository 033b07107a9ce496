"""The collector set for serving once a service's app has started (servicekit.memory and the
runner's lifespan), checked in a child process: it changes the interpreter's collector."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = """
import asyncio, gc, json
from contextlib import asynccontextmanager
from fastapi import FastAPI
from servicekit.runner import settled_after_startup

seen = {}

@asynccontextmanager
async def lifespan(app):
    seen["during_startup"] = [gc.get_threshold()[0], gc.get_freeze_count()]
    yield

app = FastAPI(lifespan=lifespan)
settled_after_startup(app)

async def main():
    async with app.router.lifespan_context(app):
        seen["after_startup"] = [gc.get_threshold()[0], gc.get_freeze_count() > 0]

asyncio.run(main())
print(json.dumps(seen))
"""


def run_child(env: dict[str, str]) -> dict[str, list[int]]:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          env={**os.environ, **env}, check=True, timeout=60)  # fmt: skip
    seen: dict[str, list[int]] = json.loads(done.stdout)
    return seen


def test_the_collector_keeps_its_defaults_while_starting_and_is_settled_after() -> None:
    seen = run_child({})
    assert seen["during_startup"] == [700, 0]
    assert seen["after_startup"] == [50_000, True]


def test_the_threshold_is_configurable_and_never_below_the_default() -> None:
    assert run_child({"KOMPETEN_GC_THRESHOLD": "20000"})["after_startup"][0] == 20_000
    assert run_child({"KOMPETEN_GC_THRESHOLD": "5"})["after_startup"][0] == 700
    assert run_child({"KOMPETEN_GC_THRESHOLD": "lots"})["after_startup"][0] == 50_000
