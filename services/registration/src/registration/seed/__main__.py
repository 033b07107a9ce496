"""python -m registration.seed [--schema S] [--database D]: load the scheme catalogue and the
demo cooperatives; a second run changes nothing."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

import asyncpg

from eventkit.settings import load_settings
from eventkit.store import create_pool
from registration.adapters.postgres import install
from registration.bootstrap import DATABASE, Catalogue
from registration.seed import SeedReport, seed


async def run(schema: str, database: str) -> SeedReport:
    settings = load_settings()
    admin = await asyncpg.connect(settings.admin_dsn(database))
    try:
        await install(admin, schema)
    finally:
        await admin.close()
    pool = await create_pool(settings.app_dsn(database), server_settings={"search_path": schema})
    try:
        return await seed(Catalogue.wired(pool, schema, lambda: datetime.now(UTC)))
    finally:
        await pool.close()


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


if __name__ == "__main__":
    main()
