"""The print worker's drawing processes: a batch's QR codes drawn (qr_code.qr_drawings) in
processes of their own (qr_worker) while the pages' text is set in the service's, so a page's
work runs on more than one core. Started at the first batch (a service that never prints never
starts them) as plain child processes that import only qr_code (multiprocessing's start
methods would import the service's main module, or fork its threads), and stopped with the
service. A drawing process that dies, or a batch left unfinished, ends them all: the codes they
owed are drawn here and the next batch starts new ones. A batch never fails for it."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Generator, Iterator, Sequence
from typing import IO, cast

from certificate.printing.adapters.qr_code import QrPlace, qr_drawings
from certificate.printing.adapters.qr_worker import receive, send

log = logging.getLogger(__name__)
GROUP = 16  # codes per request: ~850 KB of drawing back, amortising the round trip
WORKER = "certificate.printing.adapters.qr_worker"
Process = subprocess.Popen[bytes]


class QrDrawers:
    """`processes` drawing processes; a batch's groups of codes are dealt to them in turn."""

    def __init__(self, processes: int = 2) -> None:
        self.processes = processes
        self._running: list[Process] = []
        self._lock = threading.Lock()  # held by the batch the processes draw for

    def draw(self, payloads: Sequence[str], place: QrPlace) -> Iterator[str]:
        """Each payload's drawing, in order. Every request is written (by a thread per
        process) before the first answer is read, so the processes work ahead of the caller.
        One batch at a time uses them: another one meanwhile draws its codes itself."""
        groups = [payloads[i : i + GROUP] for i in range(0, len(payloads), GROUP)]
        done = 0
        if self._lock.acquire(blocking=False):
            try:
                done = yield from self._drawn_apart(groups, place)
            finally:
                self._lock.release()
        for group in groups[done:]:
            yield from qr_drawings(group, place)

    def _drawn_apart(
        self, groups: list[Sequence[str]], place: QrPlace
    ) -> Generator[str, None, int]:
        """The groups' drawings from the processes, as far as they answer: how many groups."""
        running = self._started()
        if not running:
            return 0
        done = 0
        try:
            writers = [threading.Thread(target=_write, args=(p, groups[n :: len(running)], place),
                                        name="qr requests", daemon=True)
                       for n, p in enumerate(running)]  # fmt: skip
            for writer in writers:
                writer.start()
            for n, group in enumerate(groups):
                drawn = receive(cast(IO[bytes], running[n % len(running)].stdout))
                if not isinstance(drawn, list) or len(drawn) != len(group):
                    raise EOFError("a QR drawing process ended")
                yield from drawn
                done += 1
            for writer in writers:
                writer.join()
        except (EOFError, OSError):
            log.warning("a QR drawing process ended; drawing here until the next batch")
            self._stop()
        finally:
            if done < len(groups) and self._running:
                self._stop()  # left unfinished: their answers would answer the next batch
        return done

    def _started(self) -> list[Process]:
        if any(p.poll() is not None for p in self._running):
            self._stop()
        while len(self._running) < self.processes:
            try:
                self._running.append(subprocess.Popen(  # noqa: S603 - this interpreter, our module
                    [sys.executable, "-m", WORKER], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                ))  # fmt: skip
            except OSError:
                log.warning("a QR drawing process could not start; drawing here")
                self._stop()
                break
        return list(self._running)

    def _stop(self) -> None:
        running, self._running = self._running, []
        for process in running:
            process.kill()
            process.wait()
            _closed(process)

    def close(self) -> None:
        running, self._running = self._running, []
        for process in running:
            if process.stdin is not None:
                process.stdin.close()  # the worker ends at the end of its input
        for process in running:
            process.wait()
            _closed(process)


def _closed(process: Process) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None and not stream.closed:
            stream.close()


def _write(process: Process, groups: list[Sequence[str]], place: QrPlace) -> None:
    try:
        for group in groups:
            send(cast(IO[bytes], process.stdin), (list(group), (place.left, place.top,
                                                                 place.side)))  # fmt: skip
    except (OSError, ValueError):
        pass  # the process ended: the reader sees it and draws the rest itself
