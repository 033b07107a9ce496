"""Issue 10's fault: the assessment service SIGKILLed while a hall's answers arrive loses
none. The service runs as its own process (bench.answers_host: the real app under uvicorn, a
session of candidates started); phones send their answers as the candidate app does, one record
per request, re-sending whatever was not confirmed. Mid-stream the process is killed with
SIGKILL and started again on the same database; the phones carry on. In the end every answer a
phone wrote is held exactly once, and nothing the server confirmed is missing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from eventkit.testing.infra import admin_connection, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

from ..field.toxiproxy import free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
PHONES = 30
ANSWERS_EACH = 12


def host(
    schema: str, topic: str, port: int, ready: Path, serve_only: bool
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "bench.answers_host",
        "--schema",
        schema,
        "--port",
        str(port),
        "--phones",
        str(PHONES),
        "--ready",
        str(ready),
        "--topic",
        topic,
    ]
    if serve_only:
        command.append("--serve-only")
    log = open(ready.with_suffix(".log"), "ab")
    return subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


async def serving(process: subprocess.Popen[bytes], port: int, ready: Path) -> None:
    async def up() -> bool:
        assert process.poll() is None, ready.with_suffix(".log").read_text()[-3000:]
        if not ready.exists():  # noqa: ASYNC240 (a stat while waiting for a child)
            return False
        with contextlib.suppress(httpx.TransportError):
            async with httpx.AsyncClient() as probe:
                return (await probe.get(f"http://127.0.0.1:{port}/health")).status_code == 200
        return False

    await wait_until(up, timeout=300, interval=0.2, what="the assessment process serving")


class Phone:
    def __init__(self, info: dict[str, Any]) -> None:
        self.attempt_id = info["attempt_id"]
        self.headers = bearer_headers(Role.CANDIDATE, candidate_id=uuid.UUID(info["candidate_id"]))
        self.questions = info["questions"]
        self.written: list[dict[str, Any]] = []
        self.held: set[str] = set()

    def write(self) -> None:
        question_id, options = self.questions[len(self.written) % len(self.questions)]
        self.written.append(
            {
                "answer_id": str(uuid.uuid4()),
                "question_id": question_id,
                "seq": len(self.written) + 1,
                "elapsed_ms": 1000 * len(self.written),
                "choice": len(self.written) % options,
            }
        )

    async def send(self, http: httpx.AsyncClient) -> None:
        for record in [r for r in self.written if r["answer_id"] not in self.held]:
            body = {"written_through": len(self.written), "answers": [record]}
            with contextlib.suppress(httpx.TransportError):
                sent = await http.post(
                    f"/exams/{self.attempt_id}/answers", json=body, headers=self.headers
                )
                if sent.status_code == 200:
                    self.held |= {r["answer_id"] for r in sent.json()["receipts"]}


async def test_assessment_killed_while_answers_arrive_loses_none_and_applies_none_twice(
    tmp_path: Path,
) -> None:
    port = free_port()
    ready = tmp_path / "ready.json"
    async with fresh_schema("crash") as schema:
        topic = unique_topic("kompeten.assessment.events")
        first = host(schema, topic, port, ready, serve_only=False)
        second: subprocess.Popen[bytes] | None = None
        try:
            await serving(first, port, ready)
            phones = [Phone(p) for p in json.loads(ready.read_text())["phones"]]
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:

                async def hall(rounds: int) -> None:
                    for _ in range(rounds):
                        for phone in phones:
                            phone.write()
                        await asyncio.gather(*(p.send(http) for p in phones))

                writing = asyncio.create_task(hall(ANSWERS_EACH))

                async def some_held() -> bool:
                    return sum(len(p.held) for p in phones) >= PHONES * 3

                await wait_until(some_held, timeout=120, what="answers arriving")
                os.killpg(first.pid, signal.SIGKILL)
                first.wait()
                assert first.returncode == -signal.SIGKILL
                ready.unlink()  # the restarted process writes it again once it serves
                second = host(schema, topic, port, ready, serve_only=True)
                await writing  # the phones kept writing and trying throughout
                await serving(second, port, ready)

                async def all_held() -> bool:
                    await asyncio.gather(*(p.send(http) for p in phones))
                    return all(len(p.held) == len(p.written) for p in phones)

                await wait_until(all_held, timeout=120, what="every phone's answers held")
            conn = await admin_connection()
            try:
                rows = await conn.fetch(
                    f'SELECT data FROM "{schema}".events WHERE event_type = $1',
                    "AnswersRecorded",
                )
            finally:
                await conn.close()
            held: Counter[str] = Counter()
            for row in rows:
                data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
                for record in [
                    *data["applied"],
                    *data["superseded"],
                    *(r["record"] for r in data["refused"]),
                ]:
                    held[str(record["answer_id"])] += 1
            written = {r["answer_id"] for p in phones for r in p.written}
            assert set(held) == written, "an answer a phone wrote is missing on the server"
            assert set(held.values()) == {1}, "an answer record applied twice"
            assert len(written) == PHONES * ANSWERS_EACH
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=60)
