"""Request guards in front of every service's API, as one plain ASGI middleware (starlette's
BaseHTTPMiddleware costs a task group and a stream per request, a noticeable share of a small
request's CPU):

- a body over its path's limit is refused with 413 before a handler sees it, whether its size
  was declared (Content-Length) or not (chunked): the guard reads at most limit + 1 bytes;
- a query string or JSON body holding U+0000, and a JSON body holding a non-finite number, is
  refused with 422 naming the field (PostgreSQL cannot store either; they would fail deep in a
  handler as a 5xx). JSON is recognised by the content type's media type in any letter case.

A path may be declared streamed (large uploads read piece by piece): its body is not buffered
here; reading past its limit raises a TOO_LARGE Refusal from `receive` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kompeten_contracts.errors import Kind, Refusal, invalid, refuse
from servicekit.errors import refusal_response
from servicekit.json_inspection import problem_in

DEFAULT_LIMIT = 64 * 1024

REASONS = {
    "nul": ("karakter NUL (\\u0000) tidak diizinkan", "the NUL character (\\u0000) is not allowed"),
    "non_finite": (
        "angka harus terhingga (bukan NaN atau Infinity)",
        "numbers must be finite (not NaN or Infinity)",
    ),
}


def body_too_large(limit: int) -> Refusal:
    return refuse(
        "body",
        f"isi permintaan melebihi {limit} byte",
        f"request body exceeds {limit} bytes",
        Kind.TOO_LARGE,
    )


@dataclass(frozen=True)
class BodyLimit:
    max_bytes: int = DEFAULT_LIMIT
    streamed: bool = False
    # What a refusal says; by default it names the body and the limit in bytes.
    too_large: Callable[[], Refusal] | None = None

    def refusal(self) -> Refusal:
        return self.too_large() if self.too_large else body_too_large(self.max_bytes)


def default_limit(_: str) -> BodyLimit:
    return BodyLimit()


class RequestGuard:
    def __init__(self, app: ASGIApp, limit_for: Callable[[str], BodyLimit] = default_limit):
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope["path"])
        refused = _query_problem(scope) or _declared_too_large(scope, limit)
        if refused is not None:
            return await refusal_response(refused)(scope, receive, send)
        if limit.streamed:
            return await self.app(scope, _counted(receive, limit), send)
        body, over = await _read(receive, limit.max_bytes)
        if over:
            return await refusal_response(limit.refusal())(scope, receive, send)
        if _is_json(scope) and (found := problem_in(body)):
            field, kind = found
            return await refusal_response(invalid(field, *REASONS[kind]))(scope, receive, send)
        await self.app(scope, _replay(body, receive), send)


def _query_problem(scope: Scope) -> Refusal | None:
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return invalid(name, *REASONS["nul"])
    return None


def _declared_too_large(scope: Scope, limit: BodyLimit) -> Refusal | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            length = value.decode("latin-1")
            if not length.isdigit() or int(length) > limit.max_bytes:
                return limit.refusal()
    return None


def _is_json(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key == b"content-type":
            media_type: bytes = value.split(b";", 1)[0].strip().lower()
            return media_type.endswith((b"/json", b"+json"))
    return False


async def _read(receive: Receive, max_bytes: int) -> tuple[bytes, bool]:
    """The whole body, or (what arrived, True) as soon as it holds more than max_bytes."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; the app sees an empty body and answers no one
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"", True
        more = message.get("more_body", False)
    return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _counted(receive: Receive, limit: BodyLimit) -> Receive:
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        size += len(message.get("body", b""))
        if size > limit.max_bytes:
            raise limit.refusal()
        return message

    return counted
