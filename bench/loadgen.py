"""The answers arm's phones as a compiled client (bench/loadgen, Go, standard library only):
built once into bench/loadgen/.build with the machine's Go toolchain, then run once per load
with the phones' state in and out, so rounds continue each phone's sequence.

Why compiled: client and service share this machine's 2 cores; the Python client
(bench.phone_http) cost about 0.2 ms of CPU per request, taken from the service it measures.
Both sides of the arm (ours and the bare endpoint) use the same client."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).parent / "loadgen"
BINARY = SOURCE / ".build" / "loadgen"


def build() -> Path:
    """The binary, built if missing or older than its source."""
    newest = max(p.stat().st_mtime for p in SOURCE.glob("*.go"))
    if BINARY.exists() and BINARY.stat().st_mtime >= newest:
        return BINARY
    go = shutil.which("go")
    if go is None:
        raise RuntimeError("the answers arm's client needs Go (the machine's toolchain)")
    BINARY.parent.mkdir(exist_ok=True)
    subprocess.run([go, "build", "-o", str(BINARY), "."], cwd=SOURCE, check=True)
    return BINARY


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    """One load: `plan` is {"phones": [...], "rate": r, "seconds": s} (see loadgen/main.go)."""
    proc = await asyncio.create_subprocess_exec(
        str(build()), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate(json.dumps(plan).encode())
    if proc.returncode != 0:
        raise RuntimeError(f"loadgen failed ({proc.returncode}): {err.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(out)
    return result
