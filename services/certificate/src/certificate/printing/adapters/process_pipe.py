"""Messages between the service and its page processes (page_processes, page_worker): each a
4-byte big-endian length and a pickle, over the child's stdin and stdout. Both ends are this
service's own code on one machine, so pickle is safe here and nowhere else."""

from __future__ import annotations

import pickle
import struct
from typing import IO

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
    message: object = pickle.loads(data)  # noqa: S301 - written by this service's own processes
    return message
