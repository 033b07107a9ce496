"""Read model of the operators' progress view: per district and per cooperative, how many
candidates are registered and how many applications are now submitted (waiting), returned,
accepted or rejected. Built from registration's own log by eventkit's ProjectionRunner."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventkit.store import RecordedEvent
from eventkit.store.schema import Conn, identifier

STATUS_OF = {
    "ApplicationSubmitted": "submitted",
    "ApplicationReturned": "returned",
    "ApplicationAccepted": "accepted",
    "ApplicationRejected": "rejected",
}


class ProgressView:
    name = "progress_view"
    tables: Sequence[str] = ("progress_districts", "progress_cooperatives", "progress_applications")

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        s, x = self.schema, table_suffix
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {s}.progress_districts{x} (district_code text PRIMARY KEY,"
            " registered integer NOT NULL DEFAULT 0);"
            f"CREATE TABLE IF NOT EXISTS {s}.progress_cooperatives{x} (cooperative_id uuid "
            "PRIMARY KEY, district_code text NOT NULL, registered integer NOT NULL DEFAULT 0);"
            f"CREATE TABLE IF NOT EXISTS {s}.progress_applications{x} (application_id uuid "
            "PRIMARY KEY, district_code text NOT NULL, cooperative_id uuid NOT NULL, "
            "status text NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS progress_applications_district{x} "
            f"ON {s}.progress_applications{x} (district_code, cooperative_id)"
        )

    async def apply(self, conn: Conn, event: RecordedEvent, table_suffix: str = "") -> None:
        s, x, d = self.schema, table_suffix, event.data
        if event.event_type == "CandidateRegistered":
            await conn.execute(
                f"INSERT INTO {s}.progress_districts{x} AS p VALUES ($1, 1) ON CONFLICT "
                "(district_code) DO UPDATE SET registered = p.registered + 1",
                d["district_code"],
            )
        elif event.event_type == "CohortCandidatesRegistered" and d["candidates"]:
            # One statement for the whole chunk: counts per cooperative of it.
            await conn.execute(
                f"INSERT INTO {s}.progress_cooperatives{x} AS p SELECT c, min(k), count(*) "
                "FROM unnest($1::uuid[], $2::text[]) AS t(c, k) GROUP BY c ON CONFLICT "
                "(cooperative_id) DO UPDATE SET registered = p.registered + excluded.registered",
                [UUID(c["cooperative_id"]) for c in d["candidates"]],
                [c["district_code"] for c in d["candidates"]],
            )
        elif event.event_type == "ApplicationSubmitted":
            await conn.execute(
                f"INSERT INTO {s}.progress_applications{x} VALUES ($1, $2, $3, 'submitted') "
                "ON CONFLICT (application_id) DO UPDATE SET district_code = $2, "
                "cooperative_id = $3, status = 'submitted'",
                UUID(d["application_id"]), d["district_code"], UUID(d["cooperative_id"]),
            )  # fmt: skip
        elif event.event_type in STATUS_OF:
            await conn.execute(
                f"UPDATE {s}.progress_applications{x} SET status = $2 WHERE application_id = $1",
                UUID(d["application_id"]), STATUS_OF[event.event_type],
            )  # fmt: skip
