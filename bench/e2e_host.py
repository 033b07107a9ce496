"""The process that hosts arm e's relay and inbox consumer, as a service process would: run by
arm_e2e as `python -m bench.e2e_host ...`, so its RSS is its own. Prints `ready` once both run;
stops both on SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from bench.arm_consumer import projection_batch_handler
from bench.arm_relay import to_public
from bench.infra import app_dsn, bootstrap, setup_bench_tracing
from eventkit.inbox import InboxConsumer
from eventkit.relay import Relay
from eventkit.store import create_pool


async def serve(args: argparse.Namespace) -> None:
    if args.tracing:
        setup_bench_tracing("bench-e2e")
    # Two pools, as two services would have: the relay's side and the consumer's side.
    relay_pool = await create_pool(app_dsn(), min_size=2, max_size=4)
    consumer_pool = await create_pool(app_dsn(), min_size=2, max_size=4)
    relay = Relay(relay_pool, args.service_schema, bootstrap(), args.topic, to_public)
    consumer = InboxConsumer(
        consumer_pool,
        args.consumer_schema,
        bootstrap(),
        [args.topic],
        group_id=args.group,
        subscription="bench-e2e",
        handler=None,
        batch_handler=projection_batch_handler(f'"{args.consumer_schema}".projection'),
        dead_letter_topic=args.dlt,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(relay.run()), asyncio.create_task(consumer.run())]
    print("ready", flush=True)
    await stop.wait()
    await relay.stop()
    await consumer.stop()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await relay_pool.close()
    await consumer_pool.close()


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench.e2e_host")
    p.add_argument("--service-schema", required=True)
    p.add_argument("--consumer-schema", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--dlt", required=True)
    p.add_argument("--group", required=True)
    p.add_argument("--no-tracing", dest="tracing", action="store_false")
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
