"""Development SMTP server: accepts every message, keeps it as an .eml file, shows it over HTTP.

    SMTP  127.0.0.1:11025  (point the services' KOMPETEN_SMTP here)
    HTTP  127.0.0.1:18025  /                 the inbox as a page, newest first
                           /api/messages     JSON list; ?to=<address>: mail to that address
                           /api/messages/<id>  one message as JSON

Tests read verification codes from /api/messages; a person trying `make up` opens the page.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import time
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Lock, Thread
from typing import Any
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class MaildirHandler:
    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        content = envelope.original_content or b""
        tmp = self.maildir / f".{name}"
        tmp.write_bytes(content)
        tmp.rename(self.maildir / name)  # readers never see half a message
        return "250 Message accepted for delivery"


def parse(path: Path) -> dict[str, Any]:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain", "html"))
    return {
        "id": path.stem,
        "from": str(message.get("From", "")),
        "to": [a.strip() for a in str(message.get("To", "")).split(",") if a.strip()],
        "subject": " ".join(str(message.get("Subject", "")).split()),  # unfolded
        "date": str(message.get("Date", "")),
        "message_id": str(message.get("Message-ID", "")),
        "text": body.get_content() if body is not None else "",
    }


class ParsedMail:
    """Messages never change once written: each is parsed once and indexed by recipient, so a
    query by address costs a directory listing instead of re-parsing every kept mail (3 s at
    3,400 messages; a cohort journey polls once per candidate)."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self.parsed: dict[str, dict[str, Any]] = {}
        self.by_recipient: dict[str, list[str]] = {}
        self.lock = Lock()

    def _refresh(self) -> None:
        with self.lock:
            # ".name.eml" is a message still being written (renamed when complete).
            written = {n for n in os.listdir(self.maildir) if n.endswith(".eml")}
            for name in {n for n in written if not n.startswith(".")} - set(self.parsed):
                message = parse(self.maildir / name)
                self.parsed[name] = message
                for address in message["to"]:
                    self.by_recipient.setdefault(address.lower(), []).append(name)

    def messages(self, to: str | None) -> list[dict[str, Any]]:
        """Newest first; `to` matches a recipient address exactly, ignoring case."""
        self._refresh()
        with self.lock:
            names = list(self.parsed) if to is None else self.by_recipient.get(to.lower(), [])
            return [self.parsed[n] for n in sorted(names, reverse=True)]


class MailHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default backlog of 5 resets a cohort of phones polling at once


def make_http_handler(maildir: Path) -> type[BaseHTTPRequestHandler]:
    mail = ParsedMail(maildir)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def messages(self, to: str | None) -> list[dict[str, Any]]:
            return mail.messages(to or None)

        def send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if url.path == "/api/messages":
                found = self.messages(query.get("to", [None])[0])
                self.send(200, json.dumps(found).encode(), "application/json")
            elif url.path.startswith("/api/messages/"):
                path = maildir / f"{Path(url.path).name}.eml"
                if path.exists():
                    self.send(200, json.dumps(parse(path)).encode(), "application/json")
                else:
                    self.send(404, b'{"detail": "no such message"}', "application/json")
            elif url.path == "/":
                rows = "".join(
                    f"<tr><td>{html.escape(m['date'])}</td><td>{html.escape(', '.join(m['to']))}"
                    f"</td><td>{html.escape(m['subject'])}</td>"
                    f"<td><pre>{html.escape(m['text'])}</pre></td></tr>"
                    for m in self.messages(query.get("to", [None])[0])
                )
                page = (
                    "<!doctype html><meta charset=utf-8><title>Kompeten dev mail</title>"
                    "<h1>Kompeten: surat masuk (dev mail)</h1><table border=1 cellpadding=4>"
                    "<tr><th>Tanggal</th><th>Kepada</th><th>Subjek</th><th>Isi</th></tr>"
                    f"{rows}</table>"
                )
                self.send(200, page.encode(), "text/html; charset=utf-8")
            else:
                self.send(404, b"not found", "text/plain")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smtp-port", type=int, default=11025)
    parser.add_argument("--http-port", type=int, default=18025)
    parser.add_argument("--maildir", type=Path, required=True)
    args = parser.parse_args()
    args.maildir.mkdir(parents=True, exist_ok=True)
    controller = Controller(MaildirHandler(args.maildir), hostname="127.0.0.1", port=args.smtp_port)
    controller.start()
    server = MailHTTPServer(("127.0.0.1", args.http_port), make_http_handler(args.maildir))
    Thread(target=server.serve_forever, daemon=True).start()
    print(f"devmail: SMTP 127.0.0.1:{args.smtp_port}, HTTP 127.0.0.1:{args.http_port}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()
        server.shutdown()


if __name__ == "__main__":
    main()
