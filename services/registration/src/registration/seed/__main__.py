"""python -m registration.seed [--schema S] [--database D]: load the scheme catalogue and the
demo cooperatives; a second run changes nothing."""

from __future__ import annotations

import argparse
import asyncio

from eventkit.settings import load_settings
from registration.bootstrap import DATABASE, RegistrationService
from registration.seed import SeedReport, seed


async def run(schema: str, database: str) -> SeedReport:
    service = RegistrationService(
        load_settings(), schema=schema, database=database, run_relay=False, resume_commits=False
    )
    await service.start()
    try:
        return await seed(service.catalogues())
    finally:
        await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", default="public")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    report = asyncio.run(run(args.schema, args.database))
    print(
        f"seed: {report.schemes_published} scheme versions published, "
        f"{report.cooperatives_registered} cooperatives registered"
        + ("" if report.changed else " (catalogue already seeded; nothing changed)")
    )
    for code, lsp_id in report.lsps.items():
        print(f"seed: LSP {code} ({lsp_id})")


if __name__ == "__main__":
    main()
