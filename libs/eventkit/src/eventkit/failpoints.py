"""Named crash points for fault tests.

KOMPETEN_FAILPOINTS=relay.after_ack (comma-separated names) makes the process kill itself with
SIGKILL when it reaches that point: no cleanup, no finally blocks, exactly like a power cut.
Unset (always, outside fault tests), crash_point() is a set lookup and nothing else.
"""

from __future__ import annotations

import os
import signal

ENV = "KOMPETEN_FAILPOINTS"
_armed = frozenset(name.strip() for name in os.environ.get(ENV, "").split(",") if name.strip())


def crash_point(name: str) -> None:
    if name in _armed:
        os.kill(os.getpid(), signal.SIGKILL)
