"""A service part as its own process, so fault tests can SIGKILL it.

python -m tests.faults.worker relay|consumer --schema S --topic T --group G
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from types import SimpleNamespace

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE

from ..services import running_assessment, running_registration


async def serve(role: str, wiring: SimpleNamespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    if role == "relay":
        async with running_registration(wiring):
            print("ready", flush=True)
            await stop.wait()
    else:
        async with running_assessment(wiring):
            print("ready", flush=True)
            await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=("relay", "consumer"))
    parser.add_argument("--registration-schema", required=True)
    parser.add_argument("--assessment-schema", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    args = parser.parse_args()
    wiring = SimpleNamespace(
        settings=load_settings(),
        database=TEST_DATABASE,
        registration_schema=args.registration_schema,
        assessment_schema=args.assessment_schema,
        topic=args.topic,
        group=args.group,
    )
    asyncio.run(serve(args.role, wiring))


if __name__ == "__main__":
    main()
