"""The print worker's drawing process: a batch's QR codes drawn (qr_code.qr_drawings) in a
process of their own (qr_worker) while the pages' text is set in the service's, so the two
halves of a page's work run on two cores. Started at the first batch (a service that never
prints never starts it) as a plain child process that imports only qr_code (multiprocessing's
start methods would import the service's main module, or fork its threads), and stopped with
the service. A drawing process that dies, or a batch left unfinished, ends it: the codes it
owed are drawn here and the next batch starts a new one. A batch never fails for it."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import IO, cast

from certificate.printing.adapters.qr_code import QrPlace, qr_drawings
from certificate.printing.adapters.qr_worker import receive, send

log = logging.getLogger(__name__)
GROUP = 16  # codes per request: ~40 KB of operators back, amortising the round trip
WORKER = "certificate.printing.adapters.qr_worker"


class QrDrawers:
    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # one batch's drawings at a time

    def draw(self, payloads: Sequence[str], place: QrPlace) -> Iterator[str]:
        """Each payload's drawing, in order. Every request is written (by a thread of its
        own) before the first answer is read, so the process works ahead of the caller."""
        groups = [payloads[i : i + GROUP] for i in range(0, len(payloads), GROUP)]
        with self._lock:
            process = self._started()
            done = 0
            try:
                if process is not None:
                    writer = threading.Thread(target=_write, args=(process, groups, place),
                                              name="qr requests", daemon=True)  # fmt: skip
                    writer.start()
                    for group in groups:
                        drawn = receive(cast(IO[bytes], process.stdout))
                        if not isinstance(drawn, list) or len(drawn) != len(group):
                            raise EOFError("the QR drawing process ended")
                        yield from drawn
                        done += 1
                    writer.join()
            except (EOFError, OSError):
                log.warning("the QR drawing process ended; drawing here until the next batch")
                self._stop()
            finally:
                if done < len(groups) and self._process is not None:
                    self._stop()  # left unfinished: its answers would answer the next batch
            for group in groups[done:]:
                yield from qr_drawings(group, place)

    def _started(self) -> subprocess.Popen[bytes] | None:
        if self._process is None or self._process.poll() is not None:
            try:
                self._process = subprocess.Popen(  # noqa: S603 - this interpreter, our module
                    [sys.executable, "-m", WORKER], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )  # fmt: skip
            except OSError:
                log.warning("the QR drawing process could not start; drawing here")
                self._process = None
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                if process.stdin is not None:
                    process.stdin.close()  # the worker ends at the end of its input
                process.wait()
                if process.stdout is not None:
                    process.stdout.close()


def _write(process: subprocess.Popen[bytes], groups: list[Sequence[str]], place: QrPlace) -> None:
    try:
        for group in groups:
            send(cast(IO[bytes], process.stdin), (list(group), (place.left, place.top,
                                                                 place.side)))  # fmt: skip
    except (OSError, ValueError):
        pass  # the process ended: the reader sees it and draws the rest itself
