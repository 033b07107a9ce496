"""A lean HTTP/1.1 client for the simulated phones of arm h (bench/arm_phones.py).

Why not httpx: 200 phones at 300 requests/s cost httpx about 1.5 ms of CPU per request (0.45 of
the machine's 2 cores), on the same machine as the server it measures; its event loop then lagged
its own schedule by 100-300 ms at p99, which counted as server latency. This client writes the
request bytes itself and reads the answer by Content-Length (or chunked), over keep-alive
connections of its own: each phone has up to `max_connections` (8, as the httpx limits it
replaces) and opens another only when all of its open ones are busy, as a phone's HTTP stack does.
The server sees the same HTTP/1.1 requests, one TCP connection per phone in flight.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any


class HttpError(Exception):
    """The connection failed or the answer was not HTTP/1.1 the client could read."""


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # names and values lower-cased

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


IDLE_SECONDS = 4.0  # below uvicorn's keep-alive timeout (5 s): never reuse one it closes


class _Closed(HttpError):
    """The connection was closed before any byte of an answer."""


@dataclass(eq=False)
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    idle_since: float = 0.0

    def close(self) -> None:
        self.writer.close()


@dataclass(eq=False)
class PhoneHttp:
    host: str
    port: int
    headers: dict[str, str]
    max_connections: int = 8
    timeout: float = 30.0
    _idle: list[_Connection] = field(default_factory=list)
    _slots: asyncio.Semaphore | None = None  # one per request in flight: at most that many open

    async def request(self, method: str, path: str, payload: Any = None) -> Answer:
        body = b"" if payload is None else json.dumps(payload).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in self.headers.items()]
        if payload is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_connections)
        async with self._slots, asyncio.timeout(self.timeout):
            conn = self._reusable()
            if conn is not None:
                try:
                    return await self._exchange(conn, raw)
                except _Closed:
                    pass  # closed by the server while idle: it never read this request
            conn = _Connection(*await asyncio.open_connection(self.host, self.port))
            return await self._exchange(conn, raw)

    def _reusable(self) -> _Connection | None:
        """An idle connection the server has not yet timed out (uvicorn: after 5 s idle)."""
        now = time.monotonic()
        while self._idle:
            conn = self._idle.pop()
            if now - conn.idle_since < IDLE_SECONDS:
                return conn
            conn.close()
        return None

    async def _exchange(self, conn: _Connection, raw: bytes) -> Answer:
        try:
            conn.writer.write(raw)
            answer, keep = await _read_answer(conn.reader)
        except BaseException:
            conn.close()
            raise
        if keep:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        else:
            conn.close()
        return answer

    async def aclose(self) -> None:
        while self._idle:
            self._idle.pop().close()


async def _read_answer(reader: asyncio.StreamReader) -> tuple[Answer, bool]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except ConnectionResetError as exc:
        raise _Closed("connection reset before an answer") from exc
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            raise _Closed("connection closed before an answer") from exc
        raise HttpError("answer cut short") from exc
    except asyncio.LimitOverrunError as exc:
        raise HttpError("answer head too long") from exc
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise HttpError(f"not an HTTP/1.1 status line: {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    if headers.get("transfer-encoding") == "chunked":
        body = await _read_chunked(reader)
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    keep = headers.get("connection") != "close"
    return Answer(int(parts[1]), body, headers), keep


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers from uvicorn: the final CRLF
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)
