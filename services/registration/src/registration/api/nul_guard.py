"""Refuse NUL characters in JSON bodies and query strings with a 422 naming the field.

PostgreSQL cannot store U+0000 in text or jsonb, so such a value would otherwise fail deep in a
handler as a server error. No person types it; it arrives from broken clients and fuzzers.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_INSPECTED_BYTES = 1024 * 1024
REASON = ("karakter NUL (\\u0000) tidak diizinkan", "the NUL character (\\u0000) is not allowed")


def nul_path(value: Any, path: str = "") -> str | None:
    """Dotted path of the first string (or key) holding U+0000, or None."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        here = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return here
        found = nul_path(item, here)
        if found:
            return found
    return None


class RejectNul:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        query = scope.get("query_string", b"").decode("latin-1")
        for name, value in parse_qsl(query, keep_blank_values=True):
            if "\x00" in name or "\x00" in value:
                return await self.refuse(name, scope, receive, send)
        headers = dict(scope.get("headers", []))
        if b"json" not in headers.get(b"content-type", b""):
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more and len(body) <= MAX_INSPECTED_BYTES:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if not more and b"\\u0000" in body:
            try:
                field = nul_path(json.loads(body))
            except ValueError:
                field = None  # not valid JSON: validation answers it as such
            if field:
                return await self.refuse(field, scope, receive, send)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": more}
            return await receive()

        await self.app(scope, replay, send)

    async def refuse(self, field: str, scope: Scope, receive: Receive, send: Send) -> None:
        body = {"errors": [{"field": field, "reason": REASON[0], "reason_en": REASON[1]}]}
        await JSONResponse(body, 422)(scope, receive, send)
