"""The QR drawing process (`python -m certificate.printing.adapters.qr_worker`), started by
qr_drawers: it reads requests from stdin and answers each on stdout, in order. A request is a
group of payloads and the place they are drawn at; its answer, their drawings. Each message is
a 4-byte big-endian length and a pickle (the two ends are one service's own code, on one
machine). It imports nothing of the service but qr_code, so it starts in a tenth of a second,
and ends when its stdin closes."""

from __future__ import annotations

import pickle
import struct
import sys
from typing import IO, cast

from certificate.printing.adapters.qr_code import QrPlace, qr_drawings

HEADER = struct.Struct(">I")


def send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> object | None:
    """The next message, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    message: object = pickle.loads(data)  # noqa: S301 - written by this service's qr_drawers
    return message


def main() -> None:
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (request := receive(source)) is not None:
        payloads, place = cast(tuple[list[str], tuple[float, float, float]], request)
        send(sink, qr_drawings(payloads, QrPlace(*place)))


if __name__ == "__main__":
    main()
