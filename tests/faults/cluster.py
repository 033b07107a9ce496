"""The 3-broker KRaft cluster of the local stack: where it is, the stack script that runs it,
and the admin probes fault tests use to know it is usable."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from eventkit.testing.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
STACK = ROOT / "deploy" / "local" / "stack.py"
NODES = {1: 29092, 2: 29094, 3: 29096}
BOOTSTRAP = ",".join(f"127.0.0.1:{port}" for port in NODES.values())
PROBE_TOPIC = "kompeten.faults.cluster-probe"
TOPIC_ALREADY_EXISTS = 36


async def stack(*args: str, timeout: float = 180) -> tuple[int, str]:
    """Run the stack script without blocking the event loop (services may be running in it)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(STACK),
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return -1, f"`stack.py {' '.join(args)}` did not finish within {timeout:.0f}s"
    return proc.returncode or 0, out.decode(errors="replace")


@dataclass(frozen=True)
class KafkaCluster:
    bootstrap: str = BOOTSTRAP
    run_dir: Path = ROOT / "deploy" / "local" / ".run" / "kafka3"

    def pidfile(self, node: int) -> Path:
        return self.run_dir / f"node{node}" / "pid"

    def log(self, node: int) -> Path:
        return self.run_dir / f"node{node}" / "kafka.log"

    def port(self, node: int) -> int:
        return NODES[node]

    def live_nodes(self) -> list[int]:
        """The nodes this checkout runs (by their pid files, as the stack script knows them)."""
        live = []
        for node in NODES:
            try:
                pid = int(self.pidfile(node).read_text())
            except (FileNotFoundError, ValueError):
                continue
            if not process_gone(pid):
                live.append(node)
        return live


def process_gone(pid: int) -> bool:
    """Dead: no such process, or a zombie its (init) parent has not reaped yet."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


@contextlib.asynccontextmanager
async def admin_client(bootstrap: str) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    try:
        await admin.start()
        yield admin
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


async def describe(bootstrap: str, topic: str) -> dict[str, Any] | None:
    """The topic's metadata as one broker sees it; None while it is unknown or unreachable."""
    try:
        async with admin_client(bootstrap) as admin:
            [described] = await admin.describe_topics([topic])
    except (KafkaError, OSError, TimeoutError):
        return None
    return described if described["error_code"] == 0 else None


def fully_replicated(described: dict[str, Any] | None, partitions: int, replicas: int) -> bool:
    return (
        described is not None
        and len(described["partitions"]) == partitions
        and all(
            p["error_code"] == 0 and p["leader"] >= 0 and len(p["isr"]) == replicas
            for p in described["partitions"]
        )
    )


async def create_replicated_topics(
    bootstrap: str,
    names: list[str],
    *,
    partitions: int = 12,
    replicas: int = 3,
    min_insync: int = 2,
    timeout: float = 60,
) -> None:
    """Create the topics (or find them) and wait until every partition has a leader and its
    full ISR, retrying through a cluster that is still electing its controller."""

    async def created() -> bool:
        try:
            async with admin_client(bootstrap) as admin:
                response = await admin.create_topics(
                    [
                        NewTopic(
                            name,
                            num_partitions=partitions,
                            replication_factor=replicas,
                            topic_configs={"min.insync.replicas": str(min_insync)},
                        )
                        for name in names
                    ]
                )
        except (KafkaError, OSError, TimeoutError):
            return False
        # create_topics reports per-topic errors in the response instead of raising them.
        return all(code in (0, TOPIC_ALREADY_EXISTS) for _, code, *_ in response.topic_errors)

    await wait_until(created, timeout=timeout, interval=0.5, what=f"topics {names} created")
    for name in names:

        async def ready(name: str = name) -> bool:
            return fully_replicated(await describe(bootstrap, name), partitions, replicas)

        await wait_until(
            ready, timeout=timeout, interval=0.2, what=f"{name}: {replicas} in-sync replicas"
        )


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def brokers_in_metadata(bootstrap: str) -> int:
    try:
        async with admin_client(bootstrap) as admin:
            return len((await admin.describe_cluster())["brokers"])
    except (KafkaError, OSError, TimeoutError):
        return 0
