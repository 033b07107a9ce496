"""A page process (`python -m certificate.printing.adapters.page_worker`), started by
page_processes: it reads requests from stdin and answers each on stdout, in order. A request is
a print batch's part (the letterhead, the calibration and the pages, names included: they
travel over a pipe between two processes of the service and are never written anywhere); its
answer, the part's PDF. It imports only the renderer, and ends when its stdin closes."""

from __future__ import annotations

import sys
from typing import cast

from certificate.printing.adapters.certificate_pdf import rendered
from certificate.printing.adapters.process_pipe import receive, send
from certificate.printing.application.ports import CertificatePrint, Letterhead
from certificate.printing.domain.calibration import Calibration


def main() -> None:
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (request := receive(source)) is not None:
        letterhead, calibration, pages = cast(
            tuple[Letterhead, Calibration, list[CertificatePrint]], request
        )
        send(sink, rendered(letterhead, calibration, pages))


if __name__ == "__main__":
    main()
