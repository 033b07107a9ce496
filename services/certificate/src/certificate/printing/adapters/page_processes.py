"""The print worker's page processes: a print batch's parts rendered side by side, each in a
process of its own (page_worker), so a batch uses every core where one interpreter would use
one. Started at the first part (a service that never prints never starts them) as plain child
processes (multiprocessing's start methods would import the service's main module, or fork its
threads), and stopped with the service. A part goes to an idle process; a process that dies
is dropped and that part rendered in the calling thread: a batch never fails for it, and the
next part starts a new process."""

from __future__ import annotations

import logging
import queue
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import IO, cast

from certificate.printing.adapters.process_pipe import receive, send
from certificate.printing.application.ports import CertificatePrint, Letterhead
from certificate.printing.domain.calibration import Calibration

log = logging.getLogger(__name__)
WORKER = "certificate.printing.adapters.page_worker"
Process = subprocess.Popen[bytes]
Render = Callable[[Letterhead, Calibration, Sequence[CertificatePrint]], bytes]


class PageProcesses:
    """Up to `processes` page processes; `in_place` renders a part when none can."""

    def __init__(self, processes: int, in_place: Render) -> None:
        self.processes = processes
        self.in_place = in_place
        self._idle: queue.Queue[Process | None] = queue.Queue()
        for _ in range(processes):
            self._idle.put(None)  # a slot: a process started when first used

    def rendered(self, letterhead: Letterhead, calibration: Calibration,
                 pages: Sequence[CertificatePrint]) -> bytes:  # fmt: skip
        """The part's PDF, from an idle process (waiting for one: at most `processes` parts
        render at once); blocking, so called from a thread."""
        process = self._idle.get()
        try:
            process = process if process is not None and process.poll() is None else _start()
            if process is not None:
                send(cast(IO[bytes], process.stdin), (letterhead, calibration, list(pages)))
                answer = receive(cast(IO[bytes], process.stdout))
                if isinstance(answer, bytes):
                    return answer
                raise EOFError("the page process ended")
        except (EOFError, OSError, ValueError):
            log.warning("a page process ended; this part is rendered in the service")
            _stop(process)
            process = None
        finally:
            self._idle.put(process)
        return self.in_place(letterhead, calibration, pages)

    def close(self) -> None:
        """End the processes (each at the end of its input); parts asked for afterwards are
        rendered by new ones."""
        for _ in range(self.processes):
            process = self._idle.get()
            if process is not None:
                if process.stdin is not None:
                    process.stdin.close()
                process.wait()
                _closed(process)
            self._idle.put(None)


def _start() -> Process | None:
    try:
        return subprocess.Popen(  # noqa: S603 - this interpreter and the service's own module
            [sys.executable, "-m", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
    except OSError:
        log.warning("a page process could not start; rendering in the service")
        return None


def _stop(process: Process | None) -> None:
    if process is not None:
        process.kill()
        process.wait()
        _closed(process)


def _closed(process: Process) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None and not stream.closed:
            stream.close()
