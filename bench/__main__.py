"""`python -m bench [--quick] [--only append,batch,...] [...]`: run the arms, print, write JSON."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
import time
from dataclasses import replace
from typing import Any

from bench.config import ARMS, Config, quick
from bench.harness import (
    ArmResult,
    machine_info,
    print_header,
    print_result,
    print_summary,
    say,
    versions,
    write_json,
)
from bench.infra import setup_bench_tracing


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    defaults = Config()
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Kompeten benchmarks: each arm beside its baseline, interleaved rounds.",
    )
    p.add_argument("--quick", action="store_true", help="small counts, about two minutes")
    p.add_argument("--only", help=f"comma-separated arms among {','.join(ARMS)}")
    p.add_argument("--rounds", type=int, help=f"rounds per arm (default {defaults.rounds})")
    p.add_argument("--append-seconds", type=float, help="seconds per append round and side")
    p.add_argument("--append-clients", type=int, help="concurrent clients of the second run")
    p.add_argument("--batch-events", type=int, help="events per batch-append round")
    p.add_argument("--batch-size", type=int, help="events per append_many call / COPY")
    p.add_argument(
        "--relay-events",
        type=int,
        help=f"backlog the relay drains (default {defaults.relay_events:,})",
    )
    p.add_argument("--relay-rounds", type=int, help="rounds of the relay arm")
    p.add_argument("--consumer-events", type=int, help="records per consumer round")
    p.add_argument("--e2e-rate", type=float, help="commands per second offered (default 500)")
    p.add_argument("--e2e-seconds", type=float, help="seconds of load per e2e round")
    p.add_argument("--e2e-rounds", type=int, help="rounds of the e2e arm")
    p.add_argument("--rss-seconds", type=float, help="seconds of load while sampling RSS")
    p.add_argument("--rss-rate", type=float, help="registrations per second during RSS arm")
    p.add_argument("--cohort-rows", type=int, help="rows per cohort import (default 10,000)")
    p.add_argument("--phones", type=int, help="simulated phones submitting (default 200)")
    p.add_argument("--phone-rate", type=float, help="submissions per second offered (300)")
    p.add_argument("--phone-seconds", type=float, help="seconds of load per phones round")
    p.add_argument("--phone-rounds", type=int, help="rounds of the phones arm")
    p.add_argument(
        "--phone-replicas", type=int, help="registration processes the phones spread over (1)"
    )
    p.add_argument(
        "--rebuild-candidates", type=int, help="candidate journeys in the rebuild arm's log"
    )
    p.add_argument("--answer-phones", type=int, help="phones in the answers arm's session (300)")
    p.add_argument("--answer-rate", type=float, help="answers per second offered for p99 (1000)")
    p.add_argument("--answer-peak-rate", type=float, help="answers per second offered at peak")
    p.add_argument("--answer-seconds", type=float, help="seconds per answers round")
    p.add_argument("--answer-rounds", type=int, help="rounds of the answers arm")
    p.add_argument(
        "--answer-replicas",
        type=int,
        help="assessment processes the answers phones spread over (1)",
    )
    p.add_argument("--finalise-rounds", type=int, help="rounds of the finalise arm")
    p.add_argument("--pdf-certificates", type=int, help="certificates per print file (151)")
    p.add_argument("--issue-certificates", type=int, help="certificates per issue round (1,000)")
    p.add_argument("--issue-rounds", type=int, help="rounds of the issue arm")
    p.add_argument("--sign-count", type=int, help="payloads signed per sign round (5,000)")
    p.add_argument("--verify-rate", type=float, help="verifications per second offered (500)")
    p.add_argument("--verify-seconds", type=float, help="seconds per verify round")
    p.add_argument("--verify-rounds", type=int, help="rounds of the verify arm")
    p.add_argument(
        "--verify-certificates", type=int, help="certificates issued before verify (1,000)"
    )
    p.add_argument("--qr-certificates", type=int, help="certificates of the qr arm (100)")
    p.add_argument("--qr-clients", type=int, help="HTTP clients asking for QR PNGs (16)")
    p.add_argument("--qr-seconds", type=float, help="seconds per qr round and side")
    p.add_argument("--qr-rounds", type=int, help="rounds of the qr arm")
    p.add_argument("--linger-ms", type=int, help="producer linger.ms for relay and baseline")
    p.add_argument("--max-batch-size", type=int, help="producer batch size, bytes")
    p.add_argument(
        "--no-tracing",
        dest="tracing",
        action="store_false",
        default=None,
        help="no OpenTelemetry SDK tracer provider (the services install one)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log eventkit at INFO")
    return p.parse_args(argv)


def build_config(args: argparse.Namespace) -> Config:
    cfg = Config()
    if args.quick:
        cfg = quick(cfg)
    overrides: dict[str, Any] = {}
    for name in Config.__dataclass_fields__:
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return replace(cfg, **overrides)


async def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = build_config(args)
    arms = [a.strip() for a in args.only.split(",")] if args.only else list(ARMS)
    unknown = [a for a in arms if a not in ARMS]
    if unknown:
        say(f"unknown arm(s) {unknown}; choose among {', '.join(ARMS)}")
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # aiokafka logs transient coordinator and leader moves of freshly created topics and
        # groups as errors; an arm whose records do not all arrive fails loudly on its own.
        logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    sampler = ""
    if cfg.tracing:
        # As each service's main does: an SDK tracer provider, so spans are really built.
        sampler = setup_bench_tracing("bench")
    machine = machine_info()
    vers = await versions()
    settings = {
        "mode": "quick" if args.quick else "full",
        "arms": arms,
        **cfg.as_json(),
        "tracing": (
            "OpenTelemetry SDK TracerProvider installed, no exporter (as the services), sampler "
            + sampler
            if cfg.tracing
            else "off (no SDK tracer provider: spans are no-ops)"
        ),
    }
    print_header(machine, vers, settings)
    results: list[ArmResult] = []
    for arm in arms:
        module = importlib.import_module(f"bench.arm_{arm}")
        started = time.perf_counter()
        load_before = os.getloadavg()[0]
        arm_results: list[ArmResult] = await module.run(cfg)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        for result in arm_results:
            # The machine is shared: its load says how much to trust an absolute figure.
            result.settings["arm_wall_seconds"] = round(elapsed, 1)
            result.settings["load_average_1min_before_after"] = [load_before, load_after]
            print_result(result)
        say(
            f"({arm} took {elapsed:.0f} s; 1-min load average {load_before:.2f} before, "
            f"{load_after:.2f} after, on {os.cpu_count()} cores)"
        )
        results += arm_results
    print_summary(results)
    path = write_json(results, machine, vers, settings)
    say(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
