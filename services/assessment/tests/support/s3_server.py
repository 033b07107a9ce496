"""A real S3-compatible server for tests: moto's HTTP server (`moto_server`, a dev dependency)
started as a subprocess on a free loopback port, waited on until it answers, stopped after.
Nothing outside the test is started or used; a missing `moto_server` fails the test."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import httpx

from assessment.evidence.adapters.s3_store import S3EvidenceStore, S3Location, s3_client
from eventkit.testing.waiting import wait_until

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
KEYS = {"access_key_id": "kompeten-test", "secret_access_key": "kompeten-test-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def s3_server() -> AsyncIterator[str]:
    """The endpoint URL of a fresh moto server on loopback."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=1) as http:

            async def up() -> bool:
                assert process.returncode is None, f"moto_server exited: {process.returncode}"
                try:
                    await http.get(url + "/moto-api/")
                except httpx.TransportError:
                    return False
                return True  # any HTTP answer: the server is up

            await wait_until(up, timeout=30, what="moto_server answering")
        yield url
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=10)
        except TimeoutError:
            process.kill()
            await process.wait()


def fresh_bucket(endpoint: str) -> S3Location:
    """A new, empty bucket on the server: its location, with the test's keys."""
    location = S3Location(bucket=f"evidence-{uuid4().hex[:12]}", endpoint_url=endpoint, **KEYS)
    s3_client(location).create_bucket(Bucket=location.bucket)
    return location


def s3_store(endpoint: str) -> S3EvidenceStore:
    return S3EvidenceStore.at(fresh_bucket(endpoint))
