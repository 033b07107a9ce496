"""Rebuild a registration read model from the log: python -m registration.rebuild NAME
(application_queue, cooperatives, district_progress, progress_view, scheme_versions).

Replays the whole log into fresh tables and swaps them in while the service keeps running.
Runs as the tables' owner (the admin role), because only the owner may rename them.
"""

from __future__ import annotations

import argparse
import asyncio

from eventkit.projection import ProjectionRunner
from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore, create_pool
from registration.bootstrap import DATABASE
from registration.shared.adapters.read_models import READ_MODELS

PROJECTIONS = READ_MODELS


async def rebuild(name: str, schema: str, database: str) -> int:
    pool = await create_pool(
        load_settings().admin_dsn(database), server_settings={"search_path": schema}
    )
    try:
        runner = ProjectionRunner(
            pool, schema, PostgresEventStore(pool, schema), PROJECTIONS[name](schema)
        )
        return await runner.rebuild()
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", choices=sorted(PROJECTIONS))
    parser.add_argument("--schema", default="public")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    position = asyncio.run(rebuild(args.name, args.schema, args.database))
    print(f"{args.name} rebuilt up to log position {position}")


if __name__ == "__main__":
    main()
