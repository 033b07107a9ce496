"""What a browser test serves, as production would: the built web app and the services' APIs
behind one nginx (deploy/local/proxy.py), each service's app on a real loopback socket.

Everything here is the test's own (free ports, its own nginx folder), so it never clashes with
a stack that `make up` started on the same machine."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from eventkit.testing.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def _load_proxy() -> Any:
    # deploy/local is a folder of scripts, not a package: load the one module both share.
    spec = importlib.util.spec_from_file_location(
        "kompeten_local_proxy", ROOT / "deploy" / "local" / "proxy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


proxy = _load_proxy()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_web() -> Path:
    """The app as the project's script builds it (fails the test when it does not build)."""
    built = subprocess.run(
        [shutil.which("bash") or "/bin/bash", str(ROOT / "web" / "build.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.fail(f"web/build.sh failed:\n{built.stdout}\n{built.stderr}")
    dist: Path = proxy.WEB_DIST
    assert (dist / "index.html").exists() and (dist / "sw.js").exists()
    return dist


@contextlib.asynccontextmanager
async def http_server(app: Any) -> AsyncIterator[int]:
    """Serve an ASGI app on a loopback socket of its own; yields the port."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))

    async def up() -> bool:
        if task.done():
            task.result()  # raise what stopped it
        return server.started

    await wait_until(up, timeout=30, what="the service's HTTP server")
    try:
        yield port
    finally:
        server.should_exit = True
        await task
        sock.close()


@contextlib.asynccontextmanager
async def nginx(
    port: int, upstreams: dict[str, int], folder: Path, dist: Path
) -> AsyncIterator[str]:
    """Debian's nginx on 127.0.0.1:`port` with the project's config; yields its address."""
    if not os.access(proxy.NGINX, os.X_OK):
        pytest.fail(
            "nginx is missing: `python3 deploy/local/stack.py browser-tools` installs it "
            "(make test does)"
        )
    conf = proxy.write_conf(port, upstreams, folder, dist)
    # Its own error log (-e, error_log) says why it failed; nothing is printed.
    process = await asyncio.create_subprocess_exec(
        *proxy.nginx_command(conf),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=2) as client:

            async def answers() -> bool:
                if process.returncode is not None:
                    errors = (folder / "error.log").read_text(errors="replace")
                    pytest.fail(f"nginx exited {process.returncode}:\n{errors}")
                try:
                    return (await client.get(address + "/")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until(answers, timeout=20, what=f"nginx on {address}")
        yield address
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
