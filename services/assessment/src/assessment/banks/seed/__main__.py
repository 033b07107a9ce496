"""python -m assessment.banks.seed [--schema S] [--database D] [--wait SECONDS]: import and
publish the seeded question banks (KOP-KASIR, KOP-BENDAHARA) for the LSP that owns each
scheme. Run after registration.seed: it waits until assessment has received the schemes
through Kafka. A second run changes nothing."""

from __future__ import annotations

import argparse
import asyncio
import time

from assessment.banks.seed import FILES, Seeded, seed_banks, seed_files
from assessment.bootstrap import DATABASE, AssessmentService
from eventkit.settings import load_settings


async def run(schema: str, database: str, wait: float) -> list[Seeded]:
    service = AssessmentService(load_settings(), schema=schema, database=database,
                                run_relay=False)  # fmt: skip
    await service.start()
    try:
        deadline = time.monotonic() + wait
        codes = [data["scheme_code"] for data in seed_files()]
        while True:  # the running service's consumer writes the schemes it receives
            received = [await service.schemes().latest(code) for code in codes]
            if all(s is not None and s.lsp_id for s in received) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        return await seed_banks(service.banks(), service.schemes())
    finally:
        await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", default="public")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--wait", type=float, default=60.0, help="for the schemes, in seconds")
    args = parser.parse_args()
    for seeded in asyncio.run(run(args.schema, args.database, args.wait)):
        state = f"version {seeded.version} published" if seeded.version else "unchanged"
        print(f"seed: bank {seeded.scheme_code} of LSP {seeded.lsp_id}: {state}")
    print(f"seed: {len(FILES)} question banks")


if __name__ == "__main__":
    main()
