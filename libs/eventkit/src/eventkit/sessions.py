"""Sessions that ended before their tokens expired (a person erased, an account closed).

Tokens are verified without a call to anyone, so an ended session must be known to every
process that checks tokens: each keeps the set of ended subjects in memory (a token whose
subject is in it is refused), loaded at start and reloaded on the NOTIFY that ending a session
sends when its transaction commits, with a slow poll as the safety net. The process that ends
a session knows at once, before the commit: a failed erasure refuses a session it did not end,
which is the safe side."""

from __future__ import annotations

import logging
from dataclasses import KW_ONLY, dataclass, field
from typing import Any
from uuid import UUID

from eventkit.store.schema import Conn, identifier
from eventkit.wakeup import Wakeup

log = logging.getLogger(__name__)
CHANNEL = "kompeten_ended_sessions"


async def install_ended_sessions(conn: Conn, schema: str) -> None:
    schema = identifier(schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {schema}.ended_sessions (
            subject_id uuid PRIMARY KEY,
            ended_at timestamptz NOT NULL DEFAULT now());
        GRANT SELECT, INSERT ON {schema}.ended_sessions TO kompeten_app;""")


@dataclass(eq=False)
class EndedSessions:
    pool: Any
    schema: str
    _: KW_ONLY
    poll_interval: float = 5.0
    retry_interval: float = 1.0
    _ended: set[UUID] = field(default_factory=set, init=False)
    _wake: Wakeup = field(default_factory=Wakeup, init=False, repr=False)

    def __post_init__(self) -> None:
        self.schema = identifier(self.schema)

    def ended(self, *subjects: UUID | None) -> bool:
        return any(subject in self._ended for subject in subjects if subject is not None)

    async def end(self, tx: Conn, subjects: list[UUID]) -> None:
        """Record in the caller's transaction; every process learns when it commits."""
        await tx.execute(
            f"INSERT INTO {self.schema}.ended_sessions (subject_id) SELECT unnest($1::uuid[]) "
            "ON CONFLICT (subject_id) DO NOTHING",
            subjects,
        )
        await tx.execute("SELECT pg_notify($1, '')", CHANNEL)
        self._ended.update(subjects)

    async def reload(self) -> None:
        rows = await self.pool.fetch(f"SELECT subject_id FROM {self.schema}.ended_sessions")
        self._ended |= {row["subject_id"] for row in rows}

    async def run(self) -> None:
        with self._wake.running():
            while not self._wake.stopped:
                try:
                    async with self.pool.acquire() as conn:
                        # Listening before the first load: nothing ended in between is missed.
                        async with self._wake.listening(conn, CHANNEL):
                            await self._wake.follow(self.reload, self.poll_interval)
                except Exception:
                    log.exception("ended sessions: reload failed; retrying")
                    await self._wake.pause(self.retry_interval)

    async def stop(self) -> None:
        await self._wake.stop()
