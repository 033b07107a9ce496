"""A Toxiproxy server of the test's own on loopback, and the few calls the hall tests make:
a proxy in front of a service, toxics (latency, connection resets), and switching the link
off and on. Built by deploy/local/toxiproxy.py (run by `make test`); missing, the test fails."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from eventkit.testing.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "deploy" / "local" / ".cache" / "toxiproxy" / "v2.12.0" / "toxiproxy-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Toxiproxy:
    api: httpx.AsyncClient

    async def proxy(self, name: str, upstream_port: int) -> int:
        """A proxy to 127.0.0.1:upstream_port; answers the port it listens on."""
        port = free_port()
        body = {
            "name": name,
            "listen": f"127.0.0.1:{port}",
            "upstream": f"127.0.0.1:{upstream_port}",
        }
        created = await self.api.post("/proxies", json=body)
        assert created.status_code == 201, created.text
        return port

    async def toxic(
        self,
        proxy: str,
        kind: str,
        toxicity: float = 1.0,
        stream: str = "downstream",
        **attributes: Any,
    ) -> None:
        body = {
            "name": f"{kind}_{stream}",
            "type": kind,
            "stream": stream,
            "toxicity": toxicity,
            "attributes": attributes,
        }
        added = await self.api.post(f"/proxies/{proxy}/toxics", json=body)
        assert added.status_code == 200, added.text

    async def clear(self, proxy: str) -> None:
        toxics = (await self.api.get(f"/proxies/{proxy}/toxics")).json()
        for toxic in toxics:
            await self.api.delete(f"/proxies/{proxy}/toxics/{toxic['name']}")

    async def link(self, proxy: str, up: bool) -> None:
        """Off: the proxy closes its connections and refuses new ones (the uplink is down)."""
        switched = await self.api.post(f"/proxies/{proxy}", json={"enabled": up})
        assert switched.status_code == 200, switched.text


@contextlib.asynccontextmanager
async def toxiproxy() -> AsyncIterator[Toxiproxy]:
    assert BINARY.exists(), f"{BINARY} missing: run python3 deploy/local/toxiproxy.py"
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        str(BINARY),
        "-host",
        "127.0.0.1",
        "-port",
        str(port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as api:

            async def serving() -> bool:
                with contextlib.suppress(httpx.TransportError):
                    return (await api.get("/version")).status_code == 200
                return False

            await wait_until(serving, timeout=20, what="toxiproxy serving")
            yield Toxiproxy(api)
    finally:
        process.terminate()
        await process.wait()
