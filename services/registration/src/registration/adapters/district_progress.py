"""Read model: how many candidates registered per district (the operators' progress view
starts here). Built from registration's own log by eventkit's ProjectionRunner."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.store import RecordedEvent
from eventkit.store.schema import Conn, identifier


class DistrictProgress:
    name = "district_progress"
    event_types = frozenset({"CandidateRegistered"})  # its runner reads only these
    tables: Sequence[str] = ("district_progress",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.schema}.district_progress{table_suffix} ("
            "district_code text PRIMARY KEY, registered integer NOT NULL DEFAULT 0)"
        )

    async def apply(self, conn: Conn, event: RecordedEvent, table_suffix: str = "") -> None:
        if event.event_type == "CandidateRegistered":
            await conn.execute(
                f"INSERT INTO {self.schema}.district_progress{table_suffix} AS p "
                "(district_code, registered) VALUES ($1, 1) ON CONFLICT (district_code) "
                "DO UPDATE SET registered = p.registered + 1",
                event.data["district_code"],
            )

    async def registered(self, conn: Conn, district_code: str) -> int:
        count = await conn.fetchval(
            f"SELECT registered FROM {self.schema}.district_progress WHERE district_code = $1",
            district_code,
        )
        return int(count or 0)
