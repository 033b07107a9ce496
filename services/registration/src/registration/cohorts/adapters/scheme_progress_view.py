"""Read model of progress per scheme: each submitted application's district, scheme and where it
is now (submitted = waiting, returned, accepted, rejected), so an operator sees per district how
each scheme's applications stand. A projection of its own (not a column added to ProgressView):
a new read model is built from the whole log on an installation that already runs, where a new
column of an existing table would start empty."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.applications.domain.application_events import ApplicationSubmitted
from registration.cohorts.adapters.progress_view import STATUS_OF
from registration.shared.application.events import REGISTRY


class SchemeProgressView:
    name = "scheme_progress"
    handles = REGISTRY.select(*STATUS_OF)
    tables: Sequence[str] = ("progress_schemes",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        s, x = self.schema, table_suffix
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {s}.progress_schemes{x} (application_id uuid PRIMARY KEY,"
            " district_code text NOT NULL, scheme_code text NOT NULL, status text NOT NULL);"
            f"CREATE INDEX IF NOT EXISTS progress_schemes_district{x} "
            f"ON {s}.progress_schemes{x} (district_code, scheme_code)"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        submitted: dict[UUID, tuple[str, str]] = {}  # the last submission's district and scheme
        status: dict[UUID, str] = {}  # the last word on each application
        for item in events:
            event = item.event
            if isinstance(event, ApplicationSubmitted):
                submitted[event.application_id] = (event.district_code, event.scheme_code)
            status[event.application_id] = STATUS_OF[type(event)]
        s, x = self.schema, table_suffix
        if submitted:
            ids = list(submitted)
            await conn.execute(
                f"INSERT INTO {s}.progress_schemes{x} SELECT * FROM "
                "unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) ON CONFLICT "
                "(application_id) DO UPDATE SET district_code = excluded.district_code, "
                "scheme_code = excluded.scheme_code, status = excluded.status",
                ids, [submitted[a][0] for a in ids], [submitted[a][1] for a in ids],
                [status[a] for a in ids],
            )  # fmt: skip
        changed = [a for a in status if a not in submitted]
        if changed:
            await conn.execute(
                f"UPDATE {s}.progress_schemes{x} AS p SET status = u.status FROM "
                "unnest($1::uuid[], $2::text[]) AS u(application_id, status) "
                "WHERE p.application_id = u.application_id",
                changed, [status[a] for a in changed],
            )  # fmt: skip
