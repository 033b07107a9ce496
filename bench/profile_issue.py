"""Where the certificate service's CPU goes when a cohort is decided and printed: the real
service in this process (bench.certificate_cohort, as the issue arm runs it) under cProfile.

`python -m bench.profile_issue [--certificates 1000] [--out /tmp/issue.prof]`: the scheme,
holders and recommendations received (unprofiled), then the session decided through the API
(profiled), the agreements signed (unprofiled) and the print batch made (profiled). Prints
each step's wall and CPU seconds (this process's; the QR drawing process is not in it) and
the top functions by own time. CPU seconds say what the machine's load cannot distort."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
import uuid
from datetime import UTC, datetime
from uuid import UUID

from bench.certificate_cohort import (
    PROFILE,
    admin,
    api_of,
    certificate_service,
    decide,
    issued,
    print_batch,
    receive,
    sign,
)
from certificate.printing.domain import print_batch as pb


async def run(count: int, out: str | None) -> None:
    async with certificate_service() as service, api_of(service) as api:
        lsp, session = uuid.uuid4(), uuid.uuid4()
        answer = await api.put("/print-profile", json=PROFILE, headers=admin(lsp))
        assert answer.status_code == 200, answer.text
        await receive(service, lsp, session, count)
        deciding, printing = cProfile.Profile(), cProfile.Profile()
        wall, cpu = time.perf_counter(), time.process_time()
        deciding.enable()
        await decide(api, lsp, session, count)
        deciding.disable()
        print(f"decide: {time.perf_counter() - wall:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU for {count}")  # fmt: skip
        rows = await issued(service, lsp, session, count, "awaiting_agreement")
        await sign(api, rows)
        await issued(service, lsp, session, count, "valid")
        wall, cpu = time.perf_counter(), time.process_time()
        asked = datetime.now(UTC)
        printing.enable()
        batch = await print_batch(service, api, lsp, session)
        printing.disable()
        print(f"print: {time.perf_counter() - wall:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU for {count}")  # fmt: skip
        rows = await service.pool.fetch(
            f"SELECT event_type, recorded_at FROM {service.schema}.events"
            " WHERE stream_id = $1 ORDER BY stream_version",
            pb.stream_id(UUID(batch["batch_id"])),
        )  # fmt: skip
        print("the batch's events, seconds after it was asked for: " + ", ".join(
            f"{r['event_type']} {(r['recorded_at'] - asked).total_seconds():.2f}" for r in rows
        ))  # fmt: skip
    for name, profile in (("decide", deciding), ("print", printing)):
        print(f"--- {name}: top functions by own time")
        stats = pstats.Stats(profile).sort_stats("tottime")
        stats.print_stats(25)
        if out:
            stats.dump_stats(f"{out}.{name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    asyncio.run(run(args.certificates, args.out))


if __name__ == "__main__":
    main()
