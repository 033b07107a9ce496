"""python -m assessment.training.seed [--schema S] [--database D] [--wait SECONDS]: set the
seeded training requirements (KOP-KASIR: the six modules of the cashier course) for the LSP
that owns each scheme. Run after registration.seed; a second run changes nothing."""

from __future__ import annotations

import argparse
import asyncio
import time

from assessment.bootstrap import DATABASE, AssessmentService
from assessment.training.seed import REQUIRED, Seeded, seed_requirements
from eventkit.settings import load_settings


async def run(schema: str, database: str, wait: float) -> list[Seeded]:
    service = AssessmentService(load_settings(), schema=schema, database=database,
                                run_relay=False)  # fmt: skip
    await service.start()
    try:
        deadline = time.monotonic() + wait
        while True:  # the running service's consumer writes the schemes it receives
            received = [await service.schemes().latest(code) for code in REQUIRED]
            if all(s is not None and s.lsp_id for s in received) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        return await seed_requirements(service.training().requirements, service.schemes())
    finally:
        await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", default="public")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--wait", type=float, default=60.0, help="for the schemes, in seconds")
    args = parser.parse_args()
    for seeded in asyncio.run(run(args.schema, args.database, args.wait)):
        print(f"seed: training for {seeded.scheme_code} of LSP {seeded.lsp_id}: "
              f"{seeded.modules} modules required")  # fmt: skip


if __name__ == "__main__":
    main()
