"""The contracts' subscription catalogue, generated from every service's consumer declarations
(servicekit.consumers.Subscriber): `python -m tests.contracts.subscriptions write` rewrites
contracts/src/kompeten_contracts/subscriptions.json; test_subscriptions fails when it is stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assessment.consumers.registration_events import registration_events
from certificate.consumers.assessment_events import assessment_events as certificate_intake
from certificate.consumers.registration_events import (
    registration_events as certificate_schemes,
)
from registration.consumers.assessment_events import assessment_events as registration_notices
from servicekit.consumers import Subscriber, catalogue

# Every subscriber of every service; a new consumer module adds its subscriber here.
SUBSCRIBERS: list[Subscriber[Any]] = [
    registration_events,
    certificate_intake,
    certificate_schemes,
    registration_notices,
]

FILE = Path(__file__).parents[2] / "contracts/src/kompeten_contracts/subscriptions.json"


def generated() -> str:
    return json.dumps(catalogue(SUBSCRIBERS), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    if sys.argv[1:] != ["write"]:
        sys.exit("usage: python -m tests.contracts.subscriptions write")
    FILE.write_text(generated())
    print(f"wrote {FILE}")


if __name__ == "__main__":
    main()
