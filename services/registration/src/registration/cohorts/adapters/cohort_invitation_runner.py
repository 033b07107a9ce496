"""The invitation mailer follows the log like a projection (eventkit's ProjectionRunner and its
checkpoint), but records each sent invitation on its own connection at once: the checkpoint
only moves after a whole chunk, and a crash mid-chunk must not resend what already went out."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier
from registration.cohorts.application.cohort_invitations import CohortInvitations
from registration.cohorts.domain.cohort_import import CohortCandidatesRegistered
from registration.shared.application.events import REGISTRY


async def install_invitations(conn: Conn, schema: str) -> None:
    s = identifier(schema)
    await conn.execute(
        f"CREATE TABLE IF NOT EXISTS {s}.cohort_invitations_sent (candidate_id uuid PRIMARY KEY,"
        " sent_at timestamptz NOT NULL DEFAULT now());"
        f"GRANT SELECT, INSERT ON {s}.cohort_invitations_sent TO kompeten_app"
    )


class PostgresSentInvitations:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.table = pool, f"{identifier(schema)}.cohort_invitations_sent"

    async def sent(self, candidate_id: UUID) -> bool:
        found = await self.pool.fetchval(
            f"SELECT true FROM {self.table} WHERE candidate_id = $1", candidate_id
        )
        return bool(found)

    async def record(self, candidate_id: UUID) -> None:
        await self.pool.execute(
            f"INSERT INTO {self.table} (candidate_id) VALUES ($1) ON CONFLICT DO NOTHING",
            candidate_id,
        )


class InvitationFollower:
    """A Projection for ProjectionRunner with no tables of its own to rebuild."""

    name = "cohort_invitations"
    handles = REGISTRY.select(CohortCandidatesRegistered)  # its runner reads only these
    tables: Sequence[str] = ()

    def __init__(self, invitations: CohortInvitations | None) -> None:
        self.invitations = invitations

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        return None

    async def apply_batch(
        self,
        conn: Conn,
        events: Sequence[Decoded[CohortCandidatesRegistered]],
        table_suffix: str = "",
    ) -> None:
        if self.invitations is None:  # an instance only to install the checkpoint
            return
        for item in events:
            await self.invitations.on_registered(conn, item.event)
