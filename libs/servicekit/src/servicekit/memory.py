"""The garbage collector of a service process, set once the service has started.

A request allocates many short-lived objects (the body, the models, the events, the answer), so
CPython's default generation-0 threshold (700 allocations) ran a collection every few requests,
and each full collection walked every object of the started service (its wiring, the cached
aggregate states, the imported modules). Measured on the hall's answer path
(`python -m bench --only answers`, one process, quiet machine): p99 at 1,000 saves/s offered went
from 185-368 ms to 31-68 ms, and the saves answered at 1,700/s offered from 1,304/s to 1,699/s.

`settle()`: collect once, move everything alive after startup into the permanent generation
(`gc.freeze`: never walked again; still freed by reference counting), and collect young objects
every `KOMPETEN_GC_THRESHOLD` allocations (default 50,000) instead of 700. Cycles are still
collected; a process only holds more young garbage between collections (a few MB).

Only in a service's own process (`servicekit.runner.serve`, the bench's hosts): a test process
starts and stops hundreds of services and must keep the defaults."""

from __future__ import annotations

import gc
import os

DEFAULT_THRESHOLD = 50_000


def threshold() -> int:
    raw = os.environ.get("KOMPETEN_GC_THRESHOLD", "")
    value = int(raw) if raw.strip().isdigit() else DEFAULT_THRESHOLD
    return max(700, value)


def settle() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(threshold(), 50, 1000)
