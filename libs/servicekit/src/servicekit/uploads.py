"""One file from a multipart/form-data body, read as the body streams in and given up at its
limit: a body without Content-Length (chunked) is never buffered whole before its size is
known, and parts other than the file are not kept at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from kompeten_contracts.errors import Kind, Refusal, refuse


def too_large(name: str, limit: int) -> Refusal:
    megabytes = limit // (1024 * 1024)
    return refuse(
        name, f"berkas melebihi {megabytes} MB", f"the file exceeds {megabytes} MB", Kind.TOO_LARGE
    )


def multipart_body(name: str) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that reads `name` with `read_file_part`."""
    schema = {
        "type": "object",
        "required": [name],
        "properties": {name: {"type": "string", "format": "binary"}},
    }
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


@dataclass
class _Part:
    name: str
    limit: int
    content: bytearray = field(default_factory=bytearray)
    file_name: str | None = None
    found: bool = False
    over: bool = False
    _header: bytes = b""
    _value: bytes = b""
    _disposition: bytes = b""
    _in_file: bool = False
    complete: bool = False

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self._disposition, self._header, self._value, self._in_file = b"", b"", b"", False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if self._header.lower() == b"content-disposition":
            self._disposition = self._value
        self._header, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._disposition)
        if params.get(b"name") == self.name.encode() and not self.complete:
            self._in_file, self.found = True, True
            raw = params.get(b"filename")
            self.file_name = raw.decode("utf-8", "replace") if raw is not None else None

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file and not self.over:
            self.content += data[start:end]
            self.over = len(self.content) > self.limit

    def _end(self) -> None:
        if self._in_file:
            self.complete, self._in_file = True, False  # the first part of that name counts


async def read_file_part(request: Request, name: str, limit: int) -> tuple[bytes, str | None]:
    """The content and client file name of the first part called `name`; refused 413 (naming
    `name`) as soon as more than `limit` bytes of it arrived, 422 when it is missing."""
    kind, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise refuse(
            name,
            "kirim berkas sebagai multipart/form-data",
            "send the file as multipart/form-data",
        )
    part = _Part(name, limit)
    parser = MultipartParser(boundary, part.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            if part.over:
                raise too_large(name, limit)  # the rest of the body is never read
            if part.complete:
                break  # the file is complete; whatever follows it is not needed
        else:
            parser.finalize()
    except Refusal:
        raise  # a Refusal is a ValueError too: ours, not the parser's
    except ValueError as exc:  # python-multipart's errors of a malformed body
        raise refuse(name, "isi multipart rusak", "malformed multipart body") from exc
    if not part.found:
        raise refuse(name, "wajib diisi", "Field required")
    if not part.complete:  # the body ended inside the file: never take half a document
        raise refuse(name, "isi multipart rusak", "malformed multipart body")
    return bytes(part.content), part.file_name
