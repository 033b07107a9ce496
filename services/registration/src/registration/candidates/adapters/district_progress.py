"""Read model: how many candidates registered per district (the operators' progress view
starts here). Built from registration's own log by eventkit's ProjectionRunner."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.candidates.domain.candidate import CandidateRegistered
from registration.shared.application.events import REGISTRY


class DistrictProgress:
    name = "district_progress"
    handles = REGISTRY.select(CandidateRegistered)  # its runner reads only these
    tables: Sequence[str] = ("district_progress",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.schema}.district_progress{table_suffix} ("
            "district_code text PRIMARY KEY, registered integer NOT NULL DEFAULT 0)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[CandidateRegistered]], table_suffix: str = ""
    ) -> None:
        counts = Counter(d.event.district_code for d in events)
        await conn.execute(
            f"INSERT INTO {self.schema}.district_progress{table_suffix} AS p "
            "SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (district_code) "
            "DO UPDATE SET registered = p.registered + excluded.registered",
            list(counts),
            list(counts.values()),
        )

    async def registered(self, conn: Conn, district_code: str) -> int:
        count = await conn.fetchval(
            f"SELECT registered FROM {self.schema}.district_progress WHERE district_code = $1",
            district_code,
        )
        return int(count or 0)
