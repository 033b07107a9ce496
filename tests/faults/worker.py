"""A service part as its own process, so fault tests can SIGKILL it.

python -m tests.faults.worker relay|consumer|cohort --registration-schema S
    --assessment-schema S --topic T --group G [--import-id I --operator O]

`cohort` commits a prepared cohort import in chunks of 50 rows, with the invitation mailer and
the relay running; failpoint cohort.after_chunk kills it once the second chunk is committed.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from types import SimpleNamespace
from uuid import UUID

from eventkit.failpoints import crash_point
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE

from ..services import running_assessment, running_registration


async def commit_cohort(wiring: SimpleNamespace, import_id: UUID, operator: UUID) -> None:
    async def crash_after_second(n: int) -> None:
        if n == 1:
            crash_point("cohort.after_chunk")

    async with running_registration(wiring) as service:
        commit = service.cohorts.commit
        commit.chunk_rows, commit.after_chunk = 50, crash_after_second
        await commit(import_id, operator)
        print("committed", flush=True)


async def serve(role: str, wiring: SimpleNamespace, args: argparse.Namespace) -> None:
    if role == "cohort":
        await commit_cohort(wiring, UUID(args.import_id), UUID(args.operator))
        return
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
    parser.add_argument("role", choices=("relay", "consumer", "cohort"))
    parser.add_argument("--registration-schema", required=True)
    parser.add_argument("--assessment-schema", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--import-id")
    parser.add_argument("--operator")
    args = parser.parse_args()
    wiring = SimpleNamespace(
        settings=load_settings(),
        database=TEST_DATABASE,
        registration_schema=args.registration_schema,
        assessment_schema=args.assessment_schema,
        topic=args.topic,
        group=args.group,
    )
    asyncio.run(serve(args.role, wiring, args))


if __name__ == "__main__":
    main()
