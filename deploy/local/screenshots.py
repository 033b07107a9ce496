"""Screenshots of every main screen, of the candidate app (at a phone's 360 x 640), of the
console (at 1366 x 900) and of the assessor app (at a tablet's 800 x 1280), into the folder
given, for the README and the docs:

    .tools/bin/uv run python deploy/local/screenshots.py <folder>  (make screenshots DIR=<folder>)

They are taken by the browser tests (tests/browser) as they walk each journey on the real
stack, so a screenshot always shows what the tests checked. Needs PostgreSQL, Kafka and the SMTP
sink (`make stack`), nginx and Chromium (`python3 deploy/local/stack.py browser-tools`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[1]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KOMPETEN_SCREENSHOTS": str(folder), "KOMPETEN_DEVELOPMENT": "1"}
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/browser"],
        cwd=ROOT,
        env=env,
    )
    taken = sorted(p.name for p in folder.glob("*.png"))
    print(f"{len(taken)} screenshots in {folder}:", *taken, sep="\n  ")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
