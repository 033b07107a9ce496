"""Toxiproxy, the fault-injecting TCP proxy the hall tests put between phones and assessment
(this machine's kernel has no netem): built once from its Go module into the project's cache.

    python3 deploy/local/toxiproxy.py     # prints the server binary's path, building it if needed
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "v2.12.0"
MODULE = "github.com/Shopify/toxiproxy/v2/cmd/server"
GO_PLACES = ("/usr/local/go/bin/go", "/usr/lib/go/bin/go")
BIN = Path(__file__).resolve().parent / ".cache" / "toxiproxy" / VERSION / "toxiproxy-server"


def ensure() -> Path:
    if BIN.exists():
        return BIN
    go = shutil.which("go") or next((g for g in GO_PLACES if Path(g).exists()), None)
    if go is None:
        sys.exit("toxiproxy: Go is needed to build it (the Go module proxy is reachable here)")
    BIN.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GOBIN=str(BIN.parent), GOFLAGS="-mod=mod")
    print(f"[toxiproxy] building {MODULE}@{VERSION}", file=sys.stderr, flush=True)
    subprocess.run([go, "install", f"{MODULE}@{VERSION}"], check=True, env=env)
    (BIN.parent / "server").rename(BIN)
    return BIN


if __name__ == "__main__":
    print(ensure())
