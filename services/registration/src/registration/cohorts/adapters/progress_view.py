"""Read model of the operators' progress view: per district and per cooperative, how many
candidates are registered and how many applications are now submitted (waiting), returned,
accepted or rejected. Built from registration's own log by eventkit's ProjectionRunner, a batch
at a time: each batch is folded per row in log order, then written with one statement per
table (a rebuild of a national log is ~19 million events)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationRejected,
    ApplicationReturned,
    ApplicationSubmitted,
)
from registration.candidates.domain.candidate import CandidateRegistered
from registration.cohorts.domain.cohort_import import CohortCandidatesRegistered
from registration.shared.application.events import REGISTRY

STATUS_OF: dict[type[Any], str] = {
    ApplicationSubmitted: "submitted",
    ApplicationReturned: "returned",
    ApplicationAccepted: "accepted",
    ApplicationRejected: "rejected",
}


class ProgressView:
    name = "progress_view"
    handles = REGISTRY.select(CandidateRegistered, CohortCandidatesRegistered, *STATUS_OF)
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

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        districts: Counter[str] = Counter()
        cooperatives: Counter[UUID] = Counter()
        cooperative_district: dict[UUID, str] = {}  # as first recorded (the row keeps it)
        submitted: dict[UUID, tuple[str, UUID]] = {}  # the last submission's place
        status: dict[UUID, str] = {}  # the last word on each application
        for item in events:
            event = item.event
            if isinstance(event, CandidateRegistered):
                districts[event.district_code] += 1
            elif isinstance(event, CohortCandidatesRegistered):
                chunk: dict[UUID, str] = {}
                for c in event.candidates:
                    coop = UUID(c["cooperative_id"])
                    chunk[coop] = min(chunk.get(coop, c["district_code"]), c["district_code"])
                    cooperatives[coop] += 1
                for coop, district in chunk.items():
                    cooperative_district.setdefault(coop, district)
            else:
                if isinstance(event, ApplicationSubmitted):
                    submitted[event.application_id] = (event.district_code, event.cooperative_id)
                status[event.application_id] = STATUS_OF[type(event)]
        s, x = self.schema, table_suffix
        if districts:
            await conn.execute(
                f"INSERT INTO {s}.progress_districts{x} AS p SELECT * FROM "
                "unnest($1::text[], $2::int[]) ON CONFLICT (district_code) "
                "DO UPDATE SET registered = p.registered + excluded.registered",
                list(districts), list(districts.values()),
            )  # fmt: skip
        if cooperatives:
            await conn.execute(
                f"INSERT INTO {s}.progress_cooperatives{x} AS p SELECT * FROM "
                "unnest($1::uuid[], $2::text[], $3::int[]) ON CONFLICT (cooperative_id) "
                "DO UPDATE SET registered = p.registered + excluded.registered",
                list(cooperatives), [cooperative_district[c] for c in cooperatives],
                list(cooperatives.values()),
            )  # fmt: skip
        if submitted:
            ids = list(submitted)
            await conn.execute(
                f"INSERT INTO {s}.progress_applications{x} SELECT * FROM "
                "unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) ON CONFLICT "
                "(application_id) DO UPDATE SET district_code = excluded.district_code, "
                "cooperative_id = excluded.cooperative_id, status = excluded.status",
                ids, [submitted[a][0] for a in ids], [submitted[a][1] for a in ids],
                [status[a] for a in ids],
            )  # fmt: skip
        changed = [a for a in status if a not in submitted]
        if changed:
            await conn.execute(
                f"UPDATE {s}.progress_applications{x} AS p SET status = u.status FROM "
                "unnest($1::uuid[], $2::text[]) AS u(application_id, status) "
                "WHERE p.application_id = u.application_id",
                changed, [status[a] for a in changed],
            )  # fmt: skip
