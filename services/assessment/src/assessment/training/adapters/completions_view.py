"""Read model of the modules candidates completed (table training_completions), one row per
(LSP, candidate, scheme, module): the first completion recorded, as the candidate's record
keeps it. The planner's status per district and scheme reads it in one query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

import asyncpg

from assessment.shared.application.events import REGISTRY
from assessment.training.domain.training_record import ModuleCompleted
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier


class CompletionsProjection:
    name = "training_completions"
    handles = REGISTRY.select(ModuleCompleted)
    tables: Sequence[str] = ("training_completions",)

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        table = f"{self.schema}.training_completions{table_suffix}"
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "lsp_id uuid NOT NULL, candidate_id uuid NOT NULL, scheme_code text NOT NULL, "
            "module_code text NOT NULL, completed_on date NOT NULL, provider_ref text NOT NULL, "
            "trainer_id uuid NOT NULL, recorded_at timestamptz NOT NULL, "
            f"CONSTRAINT training_completions_key{table_suffix} "
            "PRIMARY KEY (lsp_id, scheme_code, candidate_id, module_code))"
        )

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[ModuleCompleted]], table_suffix: str = ""
    ) -> None:
        # A module is completed once per record (the aggregate's rule): DO NOTHING only keeps
        # a replayed batch from failing.
        await conn.executemany(
            f"INSERT INTO {self.schema}.training_completions{table_suffix} (lsp_id, "
            "candidate_id, scheme_code, module_code, completed_on, provider_ref, trainer_id, "
            "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            [
                (
                    e.lsp_id,
                    e.candidate_id,
                    e.scheme_code,
                    e.module_code,
                    e.completed_on,
                    e.provider_ref,
                    e.trainer_id,
                    e.recorded_at,
                )
                for e in (d.event for d in events)
            ],
        )


class PostgresCompletionsView:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{identifier(schema)}.training_completions"

    async def completed(
        self, lsp_id: UUID, scheme_code: str, candidate_ids: Sequence[UUID]
    ) -> dict[UUID, dict[str, date]]:
        rows = await self.pool.fetch(
            f"SELECT candidate_id, module_code, completed_on FROM {self.table} "
            "WHERE lsp_id = $1 AND scheme_code = $2 AND candidate_id = ANY($3::uuid[])",
            lsp_id,
            scheme_code,
            list(candidate_ids),
        )
        found: dict[UUID, dict[str, date]] = {}
        for row in rows:
            found.setdefault(row["candidate_id"], {})[row["module_code"]] = row["completed_on"]
        return found
